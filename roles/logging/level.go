package logging

import (
	"sort"
	"strings"
)

// Level is a log severity, in Core's order (BCLog::Level).
type Level int8

const (
	Trace Level = iota
	Debug
	Info
	Warning
	Error
)

// String returns Core's name for the level ("trace" … "error").
func (l Level) String() string {
	switch l {
	case Trace:
		return "trace"
	case Debug:
		return "debug"
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// ParseLevel returns the level named s ("trace", "debug", "info",
// "warning", "error").
func ParseLevel(s string) (Level, bool) {
	for l := Trace; l <= Error; l++ {
		if l.String() == s {
			return l, true
		}
	}
	return 0, false
}

// DefaultLevel is the global level for categories when -loglevel does not
// set one (BCLog::DEFAULT_LOG_LEVEL).
const DefaultLevel = Debug

// maxUserLevel is the most severe level -loglevel accepts
// (MAX_USER_SETABLE_SEVERITY_LEVEL).
const maxUserLevel = Info

// LevelsString lists the levels -loglevel accepts, as Core's
// LogLevelsString: "info, debug, trace".
func LevelsString() string { return "info, debug, trace" }

// categoryNames is Core's LOG_CATEGORIES_BY_STR, in its (sorted) order.
// "lock" exists only in DEBUG_LOCKCONTENTION builds and is left out, as in
// release binaries.
var categoryNames = [...]string{
	"addrman", "bench", "blockstorage", "cmpctblock", "coindb", "estimatefee",
	"http", "i2p", "ipc", "kernel", "leveldb", "libevent", "mempool",
	"mempoolrej", "net", "privatebroadcast", "proxy", "prune", "qt", "rand",
	"reindex", "rpc", "scan", "selectcoins", "tor", "txpackages",
	"txreconciliation", "validation", "walletdb", "zmq",
}

// numCategories is the number of real categories; index numCategories
// stands for "all" (BCLog::ALL), the category of uncategorized lines.
const numCategories = len(categoryNames)

const allIndex = numCategories

const allMask = uint64(1)<<numCategories - 1

// CategoryNames returns every category name, sorted.
func CategoryNames() []string { return append([]string(nil), categoryNames[:]...) }

// CategoriesString lists the category names as Core's LogCategoriesString.
func CategoriesString() string { return strings.Join(categoryNames[:], ", ") }

// categoryIndex returns the index of a category name; "", "1" and "all"
// give allIndex, as Core's GetLogCategory.
func categoryIndex(name string) (int, bool) {
	if name == "" || name == "1" || name == "all" {
		return allIndex, true
	}
	i := sort.SearchStrings(categoryNames[:], name)
	if i < numCategories && categoryNames[i] == name {
		return i, true
	}
	return 0, false
}

// categoryMask is the set of categories an index names.
func categoryMask(i int) uint64 {
	if i == allIndex {
		return allMask
	}
	return 1 << i
}

// categoryLabel is the name GetLogPrefix writes for a category argument.
func categoryLabel(cat string) string {
	if cat == "" || cat == "1" {
		return "all"
	}
	return cat
}
