// Package config owns Core's option semantics: command line, bitcoin.conf,
// chain selection, the datadir layout, .lock, the pid file and settings.json.
//
// The behaviour follows Bitcoin Core's ArgsManager (src/common/args.cpp,
// src/common/config.cpp, src/common/settings.cpp and src/common/init.cpp):
//
//   - Parse reads argv: -name, -name=value, -noname (a false value),
//     -noname=0 (a double negative, true), --name as -name, and stops at the
//     first word without a dash; the remaining words are Positional().
//   - ReadConfig reads bitcoin.conf (or -conf) and its includeconf files,
//     selects the chain and checks -datadir, as Core's InitConfig does.
//   - Lookups merge the sources in Core's order: forced settings, command
//     line (last value wins), settings.json, the chain's section of the
//     config file and then its top level (first value wins). NETWORK_ONLY
//     options ignore the top level of the config file except on main.
//   - Errors carry Core's exact messages (without the "Error: " prefix
//     Core's InitError adds).
//
// An *Args is safe for concurrent use. The package holds no mutable state.
package config
