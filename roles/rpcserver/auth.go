package rpcserver

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// CookieUser is the user name of cookie authentication.
const CookieUser = "__cookie__"

// ErrInvalidRPCAuth is returned for a malformed -rpcauth value.
var ErrInvalidRPCAuth = errors.New("Invalid -rpcauth argument.")

// credential is one accepted login, stored as Core does: the password only
// as HMAC-SHA256(key=salt, password) in hex.
type credential struct{ user, salt, hash string }

func hmacHex(salt, pass string) string {
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte(pass))
	return hex.EncodeToString(m.Sum(nil))
}

// plainCredential hashes a plaintext user/password with a random salt.
func plainCredential(user, pass string) (credential, error) {
	var salt [16]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return credential{}, fmt.Errorf("salt: %w", err)
	}
	s := hex.EncodeToString(salt[:])
	return credential{user: user, salt: s, hash: hmacHex(s, pass)}, nil
}

// ParseRPCAuth reads one -rpcauth value, "user:salt$hash" (the format of
// share/rpcauth/rpcauth.py).
func ParseRPCAuth(s string) (user, salt, hash string, err error) {
	fields := strings.Split(s, ":")
	if len(fields) != 2 {
		return "", "", "", fmt.Errorf("%w: %q", ErrInvalidRPCAuth, s)
	}
	sh := strings.Split(fields[1], "$")
	if len(sh) != 2 {
		return "", "", "", fmt.Errorf("%w: %q", ErrInvalidRPCAuth, s)
	}
	return fields[0], sh[0], sh[1], nil
}

// checkBasic is Core's RPCAuthorized: it returns the user name from the
// header (even when the password is wrong) and whether it is accepted.
func checkBasic(header string, creds []credential) (user string, ok bool) {
	rest, found := strings.CutPrefix(header, "Basic ")
	if !found {
		return "", false
	}
	rest = strings.Trim(rest, " \f\n\r\t\v")
	raw, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return "", false
	}
	user, pass, found := strings.Cut(string(raw), ":")
	if !found {
		return "", false
	}
	for _, c := range creds {
		if subtle.ConstantTimeCompare([]byte(c.user), []byte(user)) != 1 {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(hmacHex(c.salt, pass)), []byte(c.hash)) == 1 {
			return user, true
		}
	}
	return user, false
}

// writeCookie writes "__cookie__:<64 hex>" to path via path.tmp and a
// rename, as Core's GenerateAuthCookie, and returns the password.
func writeCookie(path string, perm os.FileMode) (string, error) {
	var pw [32]byte
	if _, err := rand.Read(pw[:]); err != nil {
		return "", fmt.Errorf("cookie: %w", err)
	}
	pass := hex.EncodeToString(pw[:])
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return "", fmt.Errorf("Unable to open cookie authentication file %s for writing: %w", tmp, err)
	}
	_, werr := f.WriteString(CookieUser + ":" + pass)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return "", fmt.Errorf("writing cookie %s: %w", tmp, err)
	}
	if err := os.Chmod(tmp, perm); err != nil {
		return "", fmt.Errorf("Unable to set permissions on cookie authentication file %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("Unable to rename cookie authentication file %s to %s: %w", tmp, path, err)
	}
	return pass, nil
}

// SymbolicPerms renders permission bits as Core's PermsToSymbolicString
// ("rw-------").
func SymbolicPerms(m os.FileMode) string {
	const rwx = "rwxrwxrwx"
	b := []byte("---------")
	for i := 0; i < 9; i++ {
		if m&(1<<uint(8-i)) != 0 {
			b[i] = rwx[i]
		}
	}
	return string(b)
}

// CookiePermsFromString maps -rpccookieperms (owner, group, all) to file
// permissions, as Core's InterpretPermString.
func CookiePermsFromString(s string) (os.FileMode, error) {
	switch s {
	case "owner":
		return 0o600, nil
	case "group":
		return 0o640, nil
	case "all":
		return 0o644, nil
	}
	return 0, fmt.Errorf("Invalid -rpccookieperms=%s; must be one of 'owner', 'group', or 'all'.", s)
}

// ReadCookie reads the first line of a cookie file ("user:password").
func ReadCookie(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading cookie: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return line, nil
}
