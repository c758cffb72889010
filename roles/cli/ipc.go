package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// maxSunPath is sizeof(sockaddr_un.sun_path) on Linux; a path must be
// shorter to fit with its terminating NUL.
const maxSunPath = 108

// ipcAddress resolves an -ipcconnect value as Core's ParseAddress:
// "auto"/"unix" (and "unix:") are <netdatadir>/node.sock, "unix:PATH" is
// PATH relative to the network datadir.
func (c *client) ipcAddress(value string) (string, error) {
	var path string
	switch {
	case value == "auto" || value == "unix" || value == "unix:":
		path = filepath.Join(c.args.NetDataDir(), "node.sock")
	case len(value) > 5 && value[:5] == "unix:":
		path = value[5:]
		if !filepath.IsAbs(path) {
			path = filepath.Join(c.args.NetDataDir(), path)
		}
	default:
		return "", fmt.Errorf("Unrecognized address '%s'", value)
	}
	if len(path) >= maxSunPath {
		return "", fmt.Errorf("Unix address path %s exceeded maximum socket path length", strconv.Quote(path))
	}
	return "unix:" + path, nil
}

// fallbackErr reports errors on which -ipcconnect=auto quietly uses HTTP.
func fallbackErr(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ENOTDIR)
}

// callIPC is Core's CallIPC: used is false when the call should go over
// HTTP instead.
func (c *client) callIPC(rh requestHandler, method string, args []string, endpoint, user string) (reply univalue.Value, used bool, err error) {
	value := c.args.Get("ipcconnect", "auto")
	if value == "0" {
		return univalue.Value{}, false, nil
	}
	auto := value == "auto"
	if c.args.IsSet("rpcconnect") && !c.args.IsNegated("rpcconnect") {
		if auto {
			return univalue.Value{}, false, nil
		}
		return univalue.Value{}, false, errors.New("-rpcconnect and -ipcconnect options cannot both be enabled")
	}
	if c.opts.Dial == nil {
		if auto {
			return univalue.Value{}, false, nil
		}
		return univalue.Value{}, false, errors.New("bitcoin-cli was not built with IPC support")
	}
	addr, err := c.ipcAddress(value)
	if err != nil {
		if auto {
			return univalue.Value{}, false, nil
		}
		return univalue.Value{}, false, c.ipcConnectError(err)
	}
	caller, closer, err := c.opts.Dial(c.ctx, addr)
	if err != nil {
		if auto && fallbackErr(err) {
			return univalue.Value{}, false, nil
		}
		return univalue.Value{}, false, c.ipcConnectError(err)
	}
	if closer != nil {
		defer closer.Close()
	}
	reqObj, err := rh.prepare(method, args)
	if err != nil {
		return univalue.Value{}, true, err
	}
	text, err := caller.ExecuteRPC(c.ctx, reqObj.Write(0), endpoint, user)
	if err != nil {
		return univalue.Value{}, true, fmt.Errorf("IPC call failed: %w", err)
	}
	reply, err = processReply(rh, []byte(text))
	return reply, true, err
}

// ipcConnectError is Core's message for a failed explicit -ipcconnect.
func (c *client) ipcConnectError(err error) error {
	return &connFailed{noPrefix: true, msg: fmt.Sprintf("%s\n\n"+
		"Probably bitcoin-node is not running or not listening on a unix socket. Can be started with:\n\n"+
		"    bitcoin-node -chain=%s -ipcbind=unix", systemErrorText(err), c.args.Chain())}
}

// systemErrorText is the text std::system_error gives: strerror of the
// errno inside err ("Connection refused"), or err's own text.
func systemErrorText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			s = string(s[0]-'a'+'A') + s[1:]
		}
		return s
	}
	return err.Error()
}
