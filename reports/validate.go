package reports

import "fmt"

// Validate checks the rules a Result must keep to be written and rendered:
// scenario names are set and unique, every verdict names an item once per
// scenario and has a known status, phase names are unique in a scenario. It does not check the version.
func (r *Result) Validate() error {
	seen := make(map[string]bool, len(r.Scenarios))
	for i := range r.Scenarios {
		s := &r.Scenarios[i]
		if s.Name == "" {
			return fmt.Errorf("scenario %d: no name: %w", i, ErrInvalid)
		}
		if seen[s.Name] {
			return fmt.Errorf("scenario %q: name used twice: %w", s.Name, ErrInvalid)
		}
		seen[s.Name] = true
		if err := s.validateVerdicts(); err != nil {
			return fmt.Errorf("scenario %q: %w", s.Name, err)
		}
		if err := s.validatePhases(); err != nil {
			return fmt.Errorf("scenario %q: %w", s.Name, err)
		}
	}
	return nil
}

func (s *Scenario) validateVerdicts() error {
	items := make(map[string]bool, len(s.Verdicts))
	for i, v := range s.Verdicts {
		switch {
		case v.Item == "":
			return fmt.Errorf("verdict %d: no item: %w", i, ErrInvalid)
		case items[v.Item]:
			return fmt.Errorf("item %q: two verdicts: %w", v.Item, ErrInvalid)
		case !v.Status.Valid():
			return fmt.Errorf("item %q: status %q: %w", v.Item, v.Status, ErrUnknownStatus)
		}
		items[v.Item] = true
	}
	return nil
}

func (s *Scenario) validatePhases() error {
	names := make(map[string]bool, len(s.Phases))
	for i, p := range s.Phases {
		switch {
		case p.Name == "":
			return fmt.Errorf("phase %d: no name: %w", i, ErrInvalid)
		case names[p.Name]:
			return fmt.Errorf("phase %q: name used twice: %w", p.Name, ErrInvalid)
		}
		names[p.Name] = true
	}
	return nil
}
