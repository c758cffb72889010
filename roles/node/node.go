package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/btcsuite/btcd/chaincfg/v2"
	"github.com/btcsuite/btcd/wire/v2"

	"github.com/mpbitcoin/mpbitcoin/ipc"
	"github.com/mpbitcoin/mpbitcoin/roles/config"
	"github.com/mpbitcoin/mpbitcoin/roles/interfaces"
	"github.com/mpbitcoin/mpbitcoin/roles/logging"
	"github.com/mpbitcoin/mpbitcoin/roles/node/chain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/mempool"
	"github.com/mpbitcoin/mpbitcoin/roles/node/miner"
	"github.com/mpbitcoin/mpbitcoin/roles/node/notify"
	"github.com/mpbitcoin/mpbitcoin/roles/node/p2p"
	"github.com/mpbitcoin/mpbitcoin/roles/node/rest"
	"github.com/mpbitcoin/mpbitcoin/roles/node/rpc"
	"github.com/mpbitcoin/mpbitcoin/roles/node/walletchain"
	"github.com/mpbitcoin/mpbitcoin/roles/node/zmq"
	"github.com/mpbitcoin/mpbitcoin/roles/process"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
)

const usage = "%s version v%s\n\nThe %s daemon. It is a drop-in for Bitcoin Core's bitcoind.\n\nUsage:  %s [options]                     Start %s\n\n"

// Multiprocess is the bitcoin-node role: the node, with the wallet in a
// supervised bitcoin-wallet child process.
func Multiprocess(ctx context.Context, argv []string) int {
	// Spawned by bitcoin-gui (the GUI issue fills this in): serve Init.
	if code, spawned := process.MaybeServeSpawned(ctx, "bitcoin-node", argv, func(*process.Env) ipc.InitFactory {
		return interfaces.NewInitFactory(nil)
	}); spawned {
		return code
	}
	return run(ctx, "bitcoin-node", argv[1:], true, os.Stdout, os.Stderr)
}

// Monolithic is the bitcoind role: node and wallet in one process.
func Monolithic(ctx context.Context, argv []string) int {
	return run(ctx, "bitcoind", argv[1:], false, os.Stdout, os.Stderr)
}

func options(multiprocess bool) []config.Option {
	if multiprocess {
		return config.NodeOptions()
	}
	var out []config.Option
	for _, o := range config.NodeOptions() {
		if o.Name != "ipcbind" { // Core: only executables that can listen accept it
			out = append(out, o)
		}
	}
	return out
}

func run(ctx context.Context, exe string, argv []string, multiprocess bool, stdout, stderr io.Writer) int {
	env, err := process.Start(process.Setup{
		Exe: exe, Options: options(multiprocess), Stdout: stdout, Lock: true,
		Usage: fmt.Sprintf(usage, exe, process.Version, exe, exe, exe),
	}, argv)
	if err != nil {
		return process.Fail(stderr, err)
	}
	defer env.Close()
	n := &Node{env: env, multiprocess: multiprocess, started: time.Now(), clock: &chain.Clock{}, rpcStopped: make(chan struct{})}
	if err := n.start(ctx); err != nil {
		env.Log.Errorf("%v", err)
		n.shutdown()
		if errors.Is(err, chain.ErrFutureTip) {
			// Core shows this init error with an empty title.
			fmt.Fprintf(stderr, ": %v\n", err)
			return 1
		}
		return process.Fail(stderr, err)
	}
	n.wait(ctx)
	n.shutdown()
	return 0
}

// Node is a running node process.
type Node struct {
	env          *process.Env
	multiprocess bool
	started      time.Time

	table        *rpcserver.Table
	server       *rpcserver.Server
	stopReq      chan struct{}
	cancel       context.CancelFunc
	done         []chan struct{}
	wallet       *ipc.Supervisor
	pidFile      func()
	chain        *chain.Chain
	clock        *chain.Clock // mockable now, shared by uptime and validation
	p2p          *p2p.Server
	ipcCancel    context.CancelFunc // closes the -ipcbind listeners
	ipcDone      []chan struct{}
	rpcStopped   chan struct{} // closed once the RPC server has stopped
	rpcStopOnce  sync.Once
	walletChain  *walletchain.Chain // what wallets may ask of this node
	walletRoute  walletRoute        // where wallet RPCs go
	walletCloser io.Closer          // bitcoind: the in-process wallets
	notify       *notify.Hub        // the validation interface (validation.go)
	zmq          *zmq.Interface     // -zmqpub… publishers (zmq.go); nil without
	rest         *rest.Server       // -rest (rest.go); nil without
	miner        *miner.Loader      // Mining over IPC, ready once the chain is open
}

// userAgent is the name in our P2P user agent; clientVersion is
// process.Version as Core's CLIENT_VERSION number (0.1.0 -> 100).
const (
	userAgent     = "mpbitcoin"
	clientVersion = 100
)

// openChain loads the chain state from <netdatadir>/blocks and registers
// the Bitcoin RPCs on it.
func (n *Node) openChain(ctx context.Context) error {
	a, log := n.env.Args, n.env.Log
	var params *chaincfg.Params
	var err error
	if a.Chain() == "regtest" {
		params, err = chain.RegtestParams(chain.RegtestOptions{ActivationHeights: a.GetAll("testactivationheight")})
	} else {
		params, err = chain.Params(a.Chain())
	}
	if err != nil {
		return err
	}
	clock := n.clock
	var blockVersion int32
	if mock := a.GetInt("mocktime", 0); mock != 0 {
		if a.Chain() != "regtest" {
			return fmt.Errorf("-mocktime is for regression testing (-regtest mode) only")
		}
		clock.SetMock(mock)
	}
	// Core applies -blockversion only where blocks are mined on demand.
	if a.Chain() == "regtest" {
		blockVersion = int32(a.GetInt("blockversion", 0))
	}
	log.Infof("Loading block index...")
	c, err := chain.Open(a.NetDataDir(), params, clock)
	if err != nil {
		return err
	}
	n.chain = c
	c.SetBlockVersion(blockVersion)
	tip := c.Tip()
	log.Infof("Loaded best chain: hashBestChain=%s height=%d date=%s", tip.Hash, tip.Height, tip.MedianTime.UTC().Format("2006-01-02T15:04:05Z"))
	pool := mempool.New(c)
	pool.SetExpiry(time.Duration(a.GetInt("mempoolexpiry", 336)) * time.Hour)
	if err := n.startNotify(c, pool); err != nil {
		return err
	}
	if err := n.startZMQ(c); err != nil {
		return err
	}
	n.prepareREST(c, pool)
	netw, err := n.startP2P(ctx, c, pool)
	if err != nil {
		return err
	}
	n.walletChain = &walletchain.Chain{Chain: c, Pool: pool, Hub: n.notify, Clock: n.clock, Args: a}
	return rpc.Register(n.table, &rpc.Node{Chain: c, ChainName: a.Chain(), Shutdown: ctx, Net: netw, Pool: pool})
}

// startP2P listens (-listen, -bind, -port) and connects (-connect) with
// btcd's peer package.
func (n *Node) startP2P(ctx context.Context, c *chain.Chain, pool *mempool.Pool) (*rpc.Network, error) {
	a, log := n.env.Args, n.env.Log
	port := a.Get("port", c.Params.DefaultPort)
	var listen []string
	connects := a.GetAll("connect")
	if a.GetBool("listen", len(connects) == 0 || connects[0] == "0") {
		for _, b := range a.GetAll("bind") {
			b, _, _ = strings.Cut(b, "=") // -bind=addr=onion
			if _, _, err := net.SplitHostPort(b); err != nil {
				b = net.JoinHostPort(b, port)
			}
			listen = append(listen, b)
		}
		if len(listen) == 0 {
			listen = []string{net.JoinHostPort("", port)}
		}
	}
	comments := a.GetAll("uacomment")
	subver, err := subVersion(comments)
	if err != nil {
		return nil, err
	}
	p2p.UsePeerLog(rpcLogger(log))
	srv := p2p.New(p2p.Config{
		Chain: c, Pool: pool, Listen: listen, UserAgent: userAgent, Version: process.Version, Comments: comments,
		MaxPeers: int(a.GetInt("maxconnections", 125)), Log: rpcLogger(log), Now: n.clock.Now,
	})
	if err := srv.Start(ctx); err != nil {
		return nil, err
	}
	n.p2p = srv
	for _, addr := range connects {
		if addr == "0" || addr == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			addr = net.JoinHostPort(addr, c.Params.DefaultPort)
		}
		srv.ConnectAsync(addr)
	}
	return &rpc.Network{P2P: srv, SubVersion: subver, Version: clientVersion}, nil
}

// subVersion is the user agent peers see: btcd's peer prefixes its wire
// package's "/btcwire:0.5.0/" to ours. Comments are checked as Core does.
func subVersion(comments []string) (string, error) {
	const safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_?@"
	for _, c := range comments {
		if strings.Trim(c, safe) != "" {
			return "", fmt.Errorf("User Agent comment (%s) contains unsafe characters.", c)
		}
	}
	ua := wire.DefaultUserAgent + userAgent + ":" + process.Version
	if len(comments) > 0 {
		ua += "(" + strings.Join(comments, "; ") + ")"
	}
	ua += "/"
	if len(ua) > wire.MaxUserAgentLen {
		return "", fmt.Errorf("Total length of network version string (%d) exceeds maximum length (%d). Reduce the number or size of uacomments.", len(ua), wire.MaxUserAgentLen)
	}
	return ua, nil
}

func (n *Node) start(parent context.Context) error {
	a, log := n.env.Args, n.env.Log
	log.Infof("%s version v%s", n.env.Exe, process.Version)
	log.Infof("Using data directory %s", a.NetDataDir())
	for _, m := range a.LogMessages() {
		log.Infof("%s", strings.TrimRight(m, "\n"))
	}
	if err := a.InitSettings(); err != nil {
		return err
	}
	if path, ok := a.PIDFile(); ok {
		rm, err := config.WritePIDFile(path)
		if err != nil {
			return err
		}
		n.pidFile = rm
	}
	ctx, cancel := context.WithCancel(parent)
	n.cancel = cancel
	n.stopReq = make(chan struct{}, 1)

	n.table = rpcserver.NewTable()
	n.table.SetLogger(rpcLogger(log))
	if f := a.Get("debuglogfile", "debug.log"); !a.IsNegated("debuglogfile") {
		if !filepath.IsAbs(f) {
			f = filepath.Join(a.NetDataDir(), f)
		}
		n.table.SetLogPath(f)
	}
	if err := n.registerControl(); err != nil {
		return err
	}
	// Core binds -ipcbind before loading the chain.
	n.miner = miner.NewLoader()
	if err := n.startIPC(ctx); err != nil {
		return err
	}
	if err := n.openChain(ctx); err != nil {
		return err
	}
	n.miner.Open(miner.New(ctx, n.walletChain.Chain, n.walletChain.Pool))
	if !a.GetBool("disablewallet", false) {
		if err := n.registerWalletCommands(); err != nil {
			return err
		}
	}
	// Core starts the RPC server only with -server, which bitcoind turns on
	// by default (bitcoin-qt does not); every role here is a daemon.
	wallets := !a.GetBool("disablewallet", false)
	if wallets {
		if err := n.waitForWalletsAfterBroadcast(); err != nil {
			return err
		}
		// As Core: RPC answers "Loading wallet…" (-28) until the startup
		// wallets are loaded.
		n.table.SetWarmup("Loading wallet…")
	}
	if a.GetBool("server", true) {
		if err := n.startRPC(ctx); err != nil {
			return err
		}
	}
	if wallets {
		log.Infof("init message: Loading wallet…")
		if err := n.startWallets(ctx); err != nil {
			return err
		}
		n.table.SetWarmup("")
	}
	log.Infof("init message: Done loading")
	return nil
}

// rpcLogger adapts the logger to rpcserver's log hook: cat "" is a plain
// line, "warning"/"error" those levels, anything else a debug category.
func rpcLogger(log *logging.Logger) func(cat, format string, args ...any) {
	return func(cat, format string, args ...any) {
		switch cat {
		case "":
			log.Infof(format, args...)
		case "warning":
			log.Warnf(format, args...)
		case "error":
			log.Errorf(format, args...)
		default:
			log.Debugf(cat, format, args...)
		}
	}
}

func (n *Node) startRPC(ctx context.Context) error {
	a := n.env.Args
	cp, err := a.ChainParams()
	if err != nil {
		return err
	}
	port := cp.RPCPort
	if a.IsSet("rpcport") {
		v := a.GetInt("rpcport", int64(port))
		if v <= 0 || v > 65535 {
			return fmt.Errorf("Invalid port specified in -rpcport: '%s'", a.Get("rpcport", ""))
		}
		port = uint16(v)
	}
	cfg := rpcserver.ServerConfig{
		Binds: a.GetAll("rpcbind"), Port: port, AllowIP: a.GetAll("rpcallowip"),
		User: a.Get("rpcuser", ""), Password: a.Get("rpcpassword", ""), Auth: a.GetAll("rpcauth"),
		Whitelist:     a.GetAll("rpcwhitelist"),
		ServerTimeout: time.Duration(a.GetInt("rpcservertimeout", 30)) * time.Second,
		WorkQueue:     int(a.GetInt("rpcworkqueue", 64)), Threads: int(a.GetInt("rpcthreads", 16)),
		Log: rpcLogger(n.env.Log),
	}
	if !a.IsNegated("rpccookiefile") {
		cfg.CookieFile = a.AbsPath(a.Get("rpccookiefile", ".cookie"), true)
	}
	if a.IsSet("rpcwhitelistdefault") {
		v := a.GetBool("rpcwhitelistdefault", false)
		cfg.WhitelistDefault = &v
	}
	if a.IsSet("rpccookieperms") {
		perm, err := rpcserver.CookiePermsFromString(a.Get("rpccookieperms", ""))
		if err != nil {
			return err
		}
		cfg.CookiePerms = perm
	}
	srv, err := rpcserver.NewServer(cfg, n.table)
	if err != nil {
		return err
	}
	if n.rest != nil {
		srv.Handle("/rest/", false, n.rest)
	}
	if err := srv.Start(ctx); err != nil {
		return err
	}
	n.server = srv
	return nil
}

func (n *Node) startIPC(ctx context.Context) error {
	if !n.multiprocess {
		return nil
	}
	// IPC connections outlive the start of shutdown until the RPC server
	// has stopped, so that a stop request made over IPC gets its reply.
	ipcCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	n.ipcCancel = cancel
	go func() {
		<-ctx.Done()
		<-n.rpcStopped
		cancel()
	}()
	for _, addr := range n.env.Args.GetAll("ipcbind") {
		path, err := ipc.ParseAddress(addr, n.env.Args.NetDataDir(), n.env.Exe)
		if err != nil {
			return fmt.Errorf("Unable to bind to IPC address '%s'. %w", addr, err)
		}
		ln, err := ipc.Listen(path)
		if err != nil {
			return err
		}
		n.env.Log.Infof("Listening for IPC requests on address unix:%s", ln.Path())
		done := make(chan struct{})
		n.ipcDone = append(n.ipcDone, done)
		go func() {
			defer close(done)
			if err := ln.Serve(ipcCtx, n.env.IPC, interfaces.NewInitFactory(n.table, interfaces.WithMining(n.miner))); err != nil {
				n.env.Log.Errorf("IPC listener unix:%s: %v", ln.Path(), err)
			}
		}()
	}
	return nil
}

// requestStop asks the node to shut down (the stop RPC).
func (n *Node) requestStop() {
	select {
	case n.stopReq <- struct{}{}:
	default:
	}
}

func (n *Node) wait(ctx context.Context) {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sig)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-sig:
			return
		case <-n.stopReq:
			return
		case <-hup:
			_ = n.env.Log.Reopen()
		}
	}
}

func (n *Node) shutdown() {
	log := n.env.Log
	log.Infof("Shutdown: In progress...")
	// The wallets see every block and transaction validation already
	// announced before they stop (Core syncs the validation queue first).
	if n.notify != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := n.notify.Sync(ctx); err != nil {
			log.Warnf("Shutdown: notifications not delivered: %v", err)
		}
		cancel()
	}
	if n.cancel != nil {
		n.cancel() // stops the wallet supervisor (child first) and IPC listeners
	}
	for _, d := range n.done {
		<-d
	}
	if n.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = n.server.Stop(ctx)
		cancel()
	}
	n.rpcStopOnce.Do(func() { close(n.rpcStopped) })
	if n.ipcCancel != nil {
		n.ipcCancel()
	}
	for _, d := range n.ipcDone {
		<-d
	}
	if n.walletCloser != nil {
		_ = n.walletCloser.Close() // bitcoind: the in-process wallets
	}
	if n.p2p != nil {
		n.p2p.Stop()
	}
	n.notify.Close() // delivers what validation queued, then stops subscribers
	n.zmq.Close()
	if n.chain != nil {
		if err := n.chain.Close(); err != nil {
			log.Errorf("Closing the chain state: %v", err)
		}
	}
	if n.pidFile != nil {
		n.pidFile()
	}
	log.Infof("Shutdown: done")
}
