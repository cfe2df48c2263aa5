package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/golive/resilience/kind"
	"github.com/golive/resilience/reports"
	"github.com/golive/resilience/scenarios/spec"
)

// This file checks the CLI's inputs before anything runs — in -dry-run
// too: each bad one is refused with one line naming the flag.

// defaultOut is the folder the reports go under without -out.
const defaultOut = "_out"

// checkOut makes sure the report folder dir can be written: it is a
// directory or can be made as one, which a file created in it, or in its
// closest existing parent, proves. It leaves nothing behind; flag names
// the flag in the error.
func checkOut(flag, dir string) error {
	p := filepath.Clean(dir)
	for {
		st, err := os.Stat(p)
		if err == nil {
			if !st.IsDir() {
				return fmt.Errorf("%w: %s %s: %s is not a directory", errUsage, flag, dir, p)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("%w: %s %s: %w", errUsage, flag, dir, pathErr(err))
		}
		up := filepath.Dir(p)
		if up == p {
			return fmt.Errorf("%w: %s %s: %w", errUsage, flag, dir, pathErr(err))
		}
		p = up
	}
	probe, err := os.CreateTemp(p, ".resilience-probe-*")
	if err != nil {
		return fmt.Errorf("%w: %s %s: cannot write into %s: %w", errUsage, flag, dir, p, pathErr(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// pathErr drops the operation and path of a *fs.PathError, which the
// message names already: "permission denied", not "open /x/y: …".
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkCluster checks -kubeconfig and -context when either is given: the
// kubeconfig files are regular files of bounded size, and the context —
// -context, else the kubeconfig's current one — is defined in them and
// names a kind cluster.
func checkCluster(kubeconfig, contextName, allow string, generic bool) error {
	if kubeconfig == "" && contextName == "" {
		return nil
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	where := "the kubeconfig ($KUBECONFIG or ~/.kube/config)"
	if kubeconfig != "" {
		rules.ExplicitPath = kubeconfig
		where = "-kubeconfig " + kubeconfig
		st, err := os.Stat(kubeconfig)
		if err != nil {
			return fmt.Errorf("%w: -kubeconfig %s: %w", errUsage, kubeconfig, pathErr(err))
		}
		if err := fileSize(st); err != nil {
			return fmt.Errorf("%w: -kubeconfig %s: %w", errUsage, kubeconfig, err)
		}
	} else {
		for _, p := range rules.GetLoadingPrecedence() {
			if st, err := os.Stat(p); err == nil {
				if err := fileSize(st); err != nil {
					return fmt.Errorf("%w: kubeconfig %s: %w", errUsage, p, err)
				}
			}
		}
	}
	cfg, err := rules.Load()
	if err != nil {
		return fmt.Errorf("%w: %s: %s", errUsage, where, oneLine(err.Error()))
	}
	name := contextName
	if name == "" {
		if name = cfg.CurrentContext; name == "" {
			return fmt.Errorf("%w: %s has no current context: give -context", errUsage, where)
		}
	}
	if _, ok := cfg.Contexts[name]; !ok {
		have := "none"
		if len(cfg.Contexts) > 0 {
			names := make([]string, 0, len(cfg.Contexts))
			for n := range cfg.Contexts {
				names = append(names, n)
			}
			slices.Sort(names)
			have = strings.Join(names, ", ")
		}
		return fmt.Errorf("%w: -context %q: %s does not define it (have %s)", errUsage, name, where, have)
	}
	if looksProduction(name) && allow != name {
		return fmt.Errorf("%w: -context %q looks like production, and a run injects faults: refused unless -allow-context %s names it", errUsage, name, name)
	}
	if !generic && !strings.HasPrefix(name, kind.ContextPrefix) {
		return fmt.Errorf("%w: -context %q: not a kind cluster's context (want %s<cluster>, or -generic to reach any cluster through its API)", errUsage, name, kind.ContextPrefix)
	}
	return nil
}

// looksProduction tells whether a context's name has a word that names
// production: prod, production, prd or live, between separators
// (gke_acme_europe-west1_prod, prod-eu, arn:…/live). "golive" has none.
func looksProduction(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		switch w {
		case "prod", "production", "prd", "live":
			return true
		}
	}
	return false
}

// fileSize refuses what is not a regular file of at most spec.MaxFileSize.
func fileSize(st fs.FileInfo) error {
	switch {
	case !st.Mode().IsRegular():
		return spec.ErrNotRegular
	case st.Size() > spec.MaxFileSize:
		return spec.ErrTooLarge
	}
	return nil
}

// readResult reads a result.json, bounded as a spec is (spec.ReadFile: a
// regular file of at most 16 MiB), and says in words what is wrong with
// one that is not a result.
func readResult(ctx context.Context, flag, path string) (*reports.Result, error) {
	data, err := spec.ReadFile(ctx, path)
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return nil, fmt.Errorf("%s %s: %w", flag, path, pe.Err)
	case err != nil:
		return nil, fmt.Errorf("%s %w", flag, err) // err begins with the path
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s %s: the file is empty: want the result.json a run writes", flag, path)
	}
	r, err := reports.ReadJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", flag, path, plainJSON(err))
	}
	return r, nil
}

// plainJSON rewords the errors of encoding/json that name Go types.
func plainJSON(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return fmt.Errorf("want the result.json a run writes (a JSON object), got a JSON %s", te.Value)
	case errors.As(err, &te):
		return fmt.Errorf("field %s: want %s, got a JSON %s", te.Field, jsonKind(te.Type), te.Value)
	case errors.As(err, &se):
		return fmt.Errorf("not JSON: %s (byte %d)", se.Error(), se.Offset)
	}
	return err
}

// jsonKind names what JSON a Go type is read from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another value"
}

// oneLine joins a multi-line message into one.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
