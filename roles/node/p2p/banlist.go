package p2p

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// banListFile is Core's banlist.json: {"banned_nets": [{"version",
// "ban_created", "banned_until", "address"}]}, in the network data
// directory (the parent of the chain's blocks directory).
type banListFile struct {
	BannedNets []banListEntry `json:"banned_nets"`
}

type banListEntry struct {
	Version int    `json:"version"`
	Created int64  `json:"ban_created"`
	Until   int64  `json:"banned_until"`
	Address string `json:"address"`
}

func (s *Server) banListPath() string {
	return filepath.Join(filepath.Dir(s.chain.Dir()), "banlist.json")
}

// loadBans reads banlist.json at start; a missing or unreadable file is
// recreated empty, as Core does.
func (s *Server) loadBans() {
	bans, err := readBanList(s.banListPath())
	if err != nil {
		s.cfg.Log("", "Recreating the banlist database")
		s.saveBans()
		return
	}
	l := &s.bans
	l.mu.Lock()
	l.bans = map[string]Ban{}
	for _, b := range bans {
		l.bans[banKey(b.Subnet)] = b
	}
	l.sweep(s.cfg.Now())
	l.mu.Unlock()
}

func readBanList(path string) ([]Ban, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading ban list: %w", err)
	}
	var f banListFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	if f.BannedNets == nil {
		return nil, errors.New("ban list without banned_nets")
	}
	out := make([]Ban, 0, len(f.BannedNets))
	for _, e := range f.BannedNets {
		n, err := ParseSubnet(e.Address)
		if err != nil {
			return nil, fmt.Errorf("ban list entry %q: %w", e.Address, err)
		}
		out = append(out, Ban{Subnet: n, Created: time.Unix(e.Created, 0), Until: time.Unix(e.Until, 0)})
	}
	return out, nil
}

// saveBans writes the current bans to banlist.json (after every change
// and at shutdown); a failure is logged.
func (s *Server) saveBans() {
	f := banListFile{BannedNets: []banListEntry{}}
	for _, b := range s.Bans() {
		f.BannedNets = append(f.BannedNets, banListEntry{Version: 1, Created: b.Created.Unix(), Until: b.Until.Unix(), Address: b.Address()})
	}
	raw, _ := json.MarshalIndent(f, "", "    ")
	path := s.banListPath()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, append(raw, '\n'), 0o600); err != nil {
		s.cfg.Log("", "Failed to write %s: %v", path, err)
		return
	}
	if err := os.Rename(tmp, path); err != nil {
		s.cfg.Log("", "Failed to write %s: %v", path, err)
	}
}
