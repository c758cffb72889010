// Package logging owns the log: Core's debug.log line shape, categories and
// levels, written through zerolog.
//
// The behaviour follows Bitcoin Core v29+ (src/logging.cpp and
// src/init/common.cpp):
//
//   - A line is "<time> [thread] [file:line] [func] [category:level] message",
//     each part optional: the time unless -logtimestamps=0 (seconds, or
//     microseconds with -logtimemicros), the thread with -logthreadnames, the
//     source location with -logsourcelocations, and the category/level prefix
//     as Core's GetLogPrefix writes it: "[net]" for a debug line in a
//     category, "[net:trace]", "[net:info]", "[net:warning]", "[net:error]"
//     for the other levels, "[warning]" / "[error]" / "[debug]" for
//     uncategorized lines and nothing for uncategorized info lines
//     (-loglevelalways always writes "[category:level]", "all" when
//     uncategorized).
//   - Control characters other than newline are written as \xNN; every line
//     ends in a newline (one is added when the message lacks it).
//   - Info, warning and error lines are always written. Debug and trace
//     lines are written when their category is enabled (-debug,
//     -debugexclude, the logging RPC) and the level reaches the category's
//     level (-loglevel=<category>:<level>) or else the global one
//     (-loglevel=<level>, default debug).
//
// zerolog is the engine: each record is a zerolog event whose writer turns
// it into Core's line and writes it, under one lock, to the console and the
// debug log file. Child processes log in a fixed canonical form
// (NewCanonical) that the parent re-emits with Forward, applying its own
// filters and time format, so every role's lines reach one debug.log.
//
// A *Logger is safe for concurrent use. The package holds no mutable state.
package logging
