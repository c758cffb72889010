package p2p

import (
	"fmt"

	"github.com/btcsuite/btcd/peer"
	"github.com/btcsuite/btclog"
)

// UsePeerLog routes btcd's peer package log (a package-level logger in
// btcd) into ours under the "net" category at debug level, so handshake
// and disconnect reasons show in debug.log with -debug=net.
func UsePeerLog(logf func(cat, format string, args ...any)) {
	peer.UseLogger(btcdLog{logf: logf})
}

type btcdLog struct {
	logf func(cat, format string, args ...any)
}

func (l btcdLog) out(format string, args ...any) { l.logf("net", "%s", fmt.Sprintf(format, args...)) }
func (l btcdLog) Tracef(f string, a ...any)      {}
func (l btcdLog) Debugf(f string, a ...any)      { l.out(f, a...) }
func (l btcdLog) Infof(f string, a ...any)       { l.out(f, a...) }
func (l btcdLog) Warnf(f string, a ...any)       { l.out(f, a...) }
func (l btcdLog) Errorf(f string, a ...any)      { l.out(f, a...) }
func (l btcdLog) Criticalf(f string, a ...any)   { l.out(f, a...) }
func (l btcdLog) Trace(a ...any)                 {}
func (l btcdLog) Debug(a ...any)                 { l.out("%s", fmt.Sprint(a...)) }
func (l btcdLog) Info(a ...any)                  { l.out("%s", fmt.Sprint(a...)) }
func (l btcdLog) Warn(a ...any)                  { l.out("%s", fmt.Sprint(a...)) }
func (l btcdLog) Error(a ...any)                 { l.out("%s", fmt.Sprint(a...)) }
func (l btcdLog) Critical(a ...any)              { l.out("%s", fmt.Sprint(a...)) }
func (l btcdLog) Level() btclog.Level            { return btclog.LevelDebug }
func (l btcdLog) SetLevel(btclog.Level)          {}
