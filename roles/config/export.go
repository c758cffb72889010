package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// snapshot is the lossless JSON form of an Args' settings (the shape of
// Core's GlobalArgs that a multiprocess parent sends to its child).
type snapshot struct {
	Forced      map[string]any              `json:"forced_settings"`
	CommandLine map[string][]any            `json:"command_line_options"`
	RW          map[string]any              `json:"rw_settings"`
	Config      map[string]map[string][]any `json:"ro_config"`
	Network     string                      `json:"network"`
	ConfigPath  string                      `json:"config_path"`
	Positional  []string                    `json:"positional,omitempty"`
}

// Export returns every source of this Args' settings as JSON, so a child
// process can rebuild the same view with Import (the flattened Settings()
// loses which source a value came from and Core's first/last-value rules).
func (a *Args) Export() ([]byte, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	data, err := json.Marshal(snapshot{
		Forced: a.s.forced, CommandLine: a.s.cmdline, RW: a.s.rw, Config: a.s.config,
		Network: a.network, ConfigPath: a.configPath, Positional: a.positional,
	})
	if err != nil {
		return nil, fmt.Errorf("export settings: %w", err)
	}
	return data, nil
}

// Import rebuilds an Args from Export's JSON, accepting opts.
func Import(data []byte, opts []Option) (*Args, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var s snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("import settings: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("import settings: trailing data after JSON value")
	}
	a := New(opts)
	if s.Forced != nil {
		a.s.forced = s.Forced
	}
	if s.CommandLine != nil {
		a.s.cmdline = s.CommandLine
	}
	if s.RW != nil {
		a.s.rw = s.RW
	}
	if s.Config != nil {
		a.s.config = s.Config
	}
	a.network, a.configPath, a.positional = s.Network, s.ConfigPath, s.Positional
	return a, nil
}
