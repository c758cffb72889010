package cli

import (
	"errors"

	"github.com/mpbitcoin/mpbitcoin/roles/rpcserver/univalue"
)

// generateHandler is Core's GenerateToAddressRequestHandler: it reports
// the address with the generated block hashes (and, as Core, ignores an
// error of generatetoaddress: "blocks" is then null).
type generateHandler struct{ address *string }

func (h generateHandler) prepare(_ string, args []string) (univalue.Value, error) {
	*h.address = args[1]
	params, err := ConvertValues("generatetoaddress", args)
	if err != nil {
		return univalue.Value{}, err
	}
	return requestObj("generatetoaddress", params, univalue.NewInt(1)), nil
}

func (h generateHandler) process(reply univalue.Value) (univalue.Value, error) {
	if reply.Kind != univalue.Object {
		return univalue.Value{}, errors.New("JSON value of type " + reply.Kind.TypeName() + " is not of expected type object")
	}
	r := univalue.NewObject()
	r.PushKV("address", univalue.NewString(*h.address))
	r.PushKV("blocks", reply.Get("result"))
	return v2Reply(r), nil
}

// generate is Core's -generate: getnewaddress, then generatetoaddress
// [nblocks (default 1), address, maxtries].
func (c *client) generate(args []string, wallet *string) (string, int, error) {
	addr, err := c.call(defaultHandler{}, "getnewaddress", nil, wallet)
	if err != nil {
		return "", 0, err
	}
	if e := addr.Get("error"); !e.IsNull() {
		return errorOutput(e)
	}
	res := addr.Get("result")
	if res.Kind != univalue.String {
		return "", 0, errors.New("JSON value of type " + res.Kind.TypeName() + " is not of expected type string")
	}
	if len(args) > 2 {
		return "", 0, errors.New("too many arguments (maximum 2 for nblocks and maxtries)")
	}
	if len(args) == 0 {
		args = []string{"1"}
	} else if args[0] == "0" {
		return "", 0, errors.New("the first argument (number of blocks to generate, default: 1) must be an integer value greater than zero")
	}
	args = append([]string{args[0], res.Str}, args[1:]...)
	var address string
	reply, err := c.call(generateHandler{address: &address}, "", args, wallet)
	if err != nil {
		return "", 0, err
	}
	return replyOutput(reply)
}
