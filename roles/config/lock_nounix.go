//go:build !unix

package config

import (
	"errors"
	"os"
)

func lockFile(*os.File) error {
	return errors.New("directory locks are not supported on this platform")
}

func unlockFile(*os.File) error { return nil }
