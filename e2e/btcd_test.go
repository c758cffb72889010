package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// btcd is a btcd v0.26.2 process (installed by `make tools`) on regtest.
type btcd struct {
	t       *testing.T
	rpcPort int
	cmd     *exec.Cmd
}

func startBtcd(t *testing.T, p2pPort int, args ...string) *btcd {
	t.Helper()
	bin, _ := filepath.Abs("../build/tools/btcd")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("btcd missing (%v): run `make tools`", err)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "btcd.conf")
	if err := os.WriteFile(conf, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	b := &btcd{t: t, rpcPort: freePort(t)}
	all := append([]string{"--regtest", "-C", conf, "--datadir=" + dir + "/data", "--logdir=" + dir + "/logs",
		fmt.Sprintf("--listen=127.0.0.1:%d", p2pPort), fmt.Sprintf("--rpclisten=127.0.0.1:%d", b.rpcPort),
		"--rpcuser=u", "--rpcpass=p", "--notls"}, args...)
	b.cmd = exec.Command(bin, all...)
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.cmd.Process.Kill(); _ = b.cmd.Wait() })
	eventually(t, 20*time.Second, "btcd RPC", func() bool { _, err := b.call("getblockcount"); return err == nil })
	return b
}

func (b *btcd) call(method string, params ...any) (json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{"jsonrpc": "1.0", "id": 1, "method": method, "params": params})
	req, _ := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/", b.rpcPort), strings.NewReader(string(body)))
	req.SetBasicAuth("u", "p")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r struct {
		Result json.RawMessage
		Error  *struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, err
	}
	if r.Error != nil {
		return nil, fmt.Errorf("btcd %s: %s", method, r.Error.Message)
	}
	return r.Result, nil
}

func (b *btcd) height() string {
	r, err := b.call("getblockcount")
	if err != nil {
		return ""
	}
	return string(r)
}

// TestInteropWithBtcd: btcd syncs from us and we sync from btcd.
func TestInteropWithBtcd(t *testing.T) {
	t.Parallel()
	n := startNode(t, "bitcoin-node", "-disablewallet")
	n.cli("generatetoaddress", "20", regtestAddr)
	b := startBtcd(t, freePort(t), fmt.Sprintf("--connect=127.0.0.1:%d", n.p2pPort()), "--miningaddr="+regtestAddr)
	eventually(t, 30*time.Second, "btcd syncing 20 blocks from us", func() bool { return b.height() == "20" })
	var peers []map[string]any
	_ = json.Unmarshal([]byte(n.cli("getpeerinfo")), &peers)
	if len(peers) != 1 || !strings.Contains(fmt.Sprint(peers[0]["subver"]), "btcd:0.26.2") || peers[0]["inbound"] != true {
		t.Fatalf("btcd not seen as an inbound peer: %v", peers)
	}
	// Our new block reaches btcd.
	n.cli("generatetoaddress", "1", regtestAddr)
	eventually(t, 30*time.Second, "btcd receiving our new block", func() bool { return b.height() == "21" })
	// Blocks btcd mines reach us.
	if _, err := b.call("generate", 3); err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, "us receiving btcd's blocks", func() bool { return n.cli("getblockcount") == "24" })
	bh, _ := b.call("getbestblockhash")
	if strings.Trim(string(bh), `"`) != n.cli("getbestblockhash") {
		t.Fatalf("tips differ: btcd %s, ours %s", bh, n.cli("getbestblockhash"))
	}
}
