package remote_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/golive/resilience/loadgen"
	"github.com/golive/resilience/loadgen/remote"
)

func ExampleFleet() {
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer target.Close()
	var attackers []remote.Attacker
	for _, name := range []string{"attacker-0", "attacker-1"} {
		srv := httptest.NewServer(remote.NewServer()) // in a cluster: command attacker in a pod
		defer srv.Close()
		attackers = append(attackers, remote.Attacker{Name: name, Client: remote.NewClient(srv.URL, nil)})
	}
	fleet := &remote.Fleet{
		Attackers: attackers,
		Poll:      50 * time.Millisecond,
		Lead:      100 * time.Millisecond,
		OnLost: func(name string, share float64, err error) {
			fmt.Printf("lost %.0f%% of the load: %v\n", 100*share, err)
		},
	}
	plan := loadgen.Plan{
		Targets:  []loadgen.Target{{URL: target.URL}},
		Pacing:   loadgen.Constant{Rate: loadgen.PerSecond(40)},
		Duration: time.Second,
		Window:   500 * time.Millisecond,
	}

	var windows []loadgen.Window
	if err := fleet.Run(context.Background(), plan, func(w loadgen.Window) { windows = append(windows, w) }); err != nil {
		fmt.Println(err)
		return
	}

	s := loadgen.Summarize(windows, time.Time{}, time.Time{})
	fmt.Printf("%d windows, %d requests, %.0f%% success\n", len(windows), s.Requests, 100*s.SuccessRatio)
	// Output: 2 windows, 40 requests, 100% success
}

func ExamplePlanSpec_Split() {
	plan := loadgen.Plan{
		Targets: []loadgen.Target{{URL: "http://target.shop.svc.cluster.local:8080/"}},
		Pacing:  loadgen.Constant{Rate: loadgen.PerSecond(10)},
	}
	spec, err := remote.SpecOf(plan)
	if err != nil {
		fmt.Println(err)
		return
	}
	var rates []loadgen.Rate
	for _, share := range spec.Split(3) {
		rates = append(rates, share.Rate())
	}
	fmt.Println(rates)

	plan.Pacing = loadgen.Steps{{Rate: loadgen.PerSecond(10), For: time.Minute}}
	_, err = remote.SpecOf(plan)
	fmt.Println(err)
	// Output:
	// [4/1s 3/1s 3/1s]
	// in-cluster load splits a constant rate; got Steps
}
