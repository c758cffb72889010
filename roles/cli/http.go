package cli

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver"
	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// DefaultClientTimeout is Core's DEFAULT_HTTP_CLIENT_TIMEOUT in seconds.
const DefaultClientTimeout = 900

// target resolves host and port: -rpcport, else a port in -rpcconnect,
// else the chain's RPC port.
func (c *client) target() (string, uint16, error) {
	params, err := c.args.ChainParams()
	if err != nil {
		return "", 0, err
	}
	port := params.RPCPort
	connect := c.args.Get("rpcconnect", "127.0.0.1")
	host, cport, err := rpcserver.SplitHostPort(connect, 0)
	if err != nil {
		return "", 0, fmt.Errorf("Invalid port provided in -rpcconnect: %s", connect)
	}
	if cport != 0 {
		port = cport
	}
	if p, ok := c.args.Lookup("rpcport"); ok {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil || n == 0 || strings.HasPrefix(p, "+") {
			return "", 0, fmt.Errorf("Invalid port provided in -rpcport: %s", p)
		}
		port = uint16(n)
		if cport != 0 {
			fmt.Fprintf(c.stderr, "Warning: Port specified in both -rpcconnect and -rpcport. Using -rpcport %d\n", port)
		}
	}
	return host, port, nil
}

// credentials returns "user:password": -rpcuser/-rpcpassword, or the
// cookie file when no password is set (failed is true when it could not be
// read).
func (c *client) credentials() (creds string, failed bool) {
	if pw := c.args.Get("rpcpassword", ""); pw != "" {
		return c.args.Get("rpcuser", "") + ":" + pw, false
	}
	path := c.args.GetPath("rpccookiefile", ".cookie")
	if path == "" {
		return "", false // -norpccookiefile
	}
	line, err := rpcserver.ReadCookie(c.args.AbsPath(path, true))
	if err != nil {
		return "", true
	}
	return line, false
}

// callHTTP is Core's CallRPC.
func (c *client) callHTTP(rh requestHandler, method string, args []string, endpoint string) (univalue.Value, error) {
	host, port, err := c.target()
	if err != nil {
		return univalue.Value{}, err
	}
	timeout := time.Duration(c.args.GetInt("rpcclienttimeout", DefaultClientTimeout)) * time.Second
	if timeout < 0 {
		timeout = 0
	}
	creds, cookieFailed := c.credentials()
	reqObj, err := rh.prepare(method, args)
	if err != nil {
		return univalue.Value{}, err
	}
	body := append(reqObj.Append(nil, 0, 0), '\n')
	addr := net.JoinHostPort(host, strconv.Itoa(int(port)))
	req, err := http.NewRequestWithContext(c.ctx, http.MethodPost, "http://"+addr+endpoint, bytes.NewReader(body))
	if err != nil {
		return univalue.Value{}, fmt.Errorf("create http request failed: %w", err)
	}
	req.Host = host
	if strings.Contains(host, ":") {
		req.Host = "[" + host + "]"
	}
	req.Close = true
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(creds)))
	hc := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil,
		DialContext: (&net.Dialer{Timeout: timeout}).DialContext}}
	resp, err := hc.Do(req)
	if err != nil {
		return univalue.Value{}, &connFailed{msg: fmt.Sprintf("Could not connect to the server %s:%d%s\n\n"+
			"Make sure the bitcoind server is running and that you are connecting to the correct RPC port.\n"+
			"Use \"bitcoin-cli -help\" for more info.", host, port, httpErrorSuffix(err))}
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		return univalue.Value{}, &connFailed{msg: fmt.Sprintf("Could not connect to the server %s:%d%s\n\n"+
			"Make sure the bitcoind server is running and that you are connecting to the correct RPC port.\n"+
			"Use \"bitcoin-cli -help\" for more info.", host, port, httpErrorSuffix(err))}
	}
	switch st := resp.StatusCode; {
	case st == http.StatusUnauthorized:
		if cookieFailed {
			return univalue.Value{}, fmt.Errorf("Could not locate RPC credentials. No authentication cookie could be found, and RPC password is not set.  See -rpcpassword and -stdinrpcpass.  Configuration file: (%s)", c.args.ConfigPath())
		}
		return univalue.Value{}, errors.New("Authorization failed: Incorrect rpcuser or rpcpassword")
	case st == http.StatusServiceUnavailable:
		return univalue.Value{}, fmt.Errorf("Server response: %s", respBody)
	case st >= 400 && st != http.StatusBadRequest && st != http.StatusNotFound && st != http.StatusInternalServerError:
		return univalue.Value{}, fmt.Errorf("server returned HTTP error %d", st)
	case len(respBody) == 0:
		return univalue.Value{}, errors.New("no response from server")
	}
	return processReply(rh, respBody)
}

func processReply(rh requestHandler, body []byte) (univalue.Value, error) {
	v, err := univalue.Parse(body)
	if err != nil {
		return univalue.Value{}, errors.New("couldn't parse reply from server")
	}
	reply, err := rh.process(v)
	if err != nil {
		return univalue.Value{}, err
	}
	if reply.Len() == 0 {
		return univalue.Value{}, errors.New("expected reply to have result, error and id properties")
	}
	return reply, nil
}

// httpErrorSuffix is the " (error code N - "...")" libevent's request
// error adds: none for a refused connection, 0 for a timeout, 1 for a
// connection closed early.
func httpErrorSuffix(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" && !op.Timeout() {
		return ""
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ` (error code 0 - "timeout reached")`
	}
	return ` (error code 1 - "EOF reached")`
}
