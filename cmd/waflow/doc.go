// Command waflow validates Flow JSON, serves the flows data endpoint and runs
// the waflow server. Each subcommand lives in a file of its own; main.go only
// dispatches.
//
//	waflow <command> [flags] [arguments]
//
// Run "waflow <command> -h" for the flags of one command.
//
// # Commands
//
// The commands and the files that implement them:
//
//	validate   validate.go       validate Flow JSON files: text, json or sarif
//	                             reports, --flow-version to check against
//	                             another version, --strict to treat warnings
//	                             as errors; "-" reads standard input
//	schema     schema.go         print the JSON Schema of a Flow JSON version
//	                             (default the newest), for editors
//	keys       keys.go           "keys generate" writes the flows RSA key pair
//	                             (private.pem, public.pem); "keys public"
//	                             prints a private key's public half
//	token      token.go          "token issue" signs a flow token; "token
//	                             verify" says whether one holds, and if not why
//	endpoint   endpoint.go       serve one flow's data endpoint with its
//	                             handler script, no database
//	simulate   simulate.go       walk a flow against its handler script
//	           simulate_walk.go  through the real envelope, no server needed
//	test       test.go           play a scenario on a flow and check its
//	                             expectations
//	preview    preview.go        walk a flow in the browser, reloading when
//	                             its files change
//	serve      serve.go          the server: management API, data endpoints,
//	           serve_*.go        webhooks, the sandbox BSP
//
// Shared by all of them: main.go (dispatch and exit statuses), flagset.go
// (flag sets that print their own usage, typed configurations that name
// the bad flag) and secrets.go (secrets and key files named by flags).
//
// [Main] carries the process's standard streams and environment, and
// [Main.Run] runs a command from its arguments and returns the exit status,
// so tests run every command exactly as a shell would. SIGINT and SIGTERM
// cancel the context the long-running commands (endpoint, preview, serve)
// stop on, letting requests in flight finish first.
//
// Secrets never travel as flag values, which shell history and the process
// list would keep: flags such as --passphrase-env, --secret-env,
// --app-secret-env and --token-secret-env name the environment variable
// that holds them, and a variable named but empty is an error.
//
// # Exit statuses
//
//	0  success, or help asked for with -h
//	1  the answer is no, or the work failed: validate found an invalid
//	   file, test an expectation that does not hold, token verify a token
//	   it refuses, endpoint a --flow that is not valid; or a failure while
//	   running, such as a port in use or an unreachable database
//	2  the command was called wrongly: no command, an unknown command or
//	   subcommand, a missing or bad flag, an unexpected argument, a file
//	   named by a flag that cannot be read or a key that cannot be opened,
//	   a bad setting of serve; validate also exits 2 when an input cannot
//	   be read or its report cannot be written
//
// Errors go to standard error as "waflow <command>: <message>", naming the
// flag or setting at fault; results go to standard output.
//
// # Environment of serve
//
// "waflow serve" reads its settings from flags and environment variables;
// a flag, where a setting has one, wins over the variable. Secrets have no
// flag. A bad value is exit status 2 with the flag or variable named and
// the value not repeated.
//
//	WAFLOW_ADDR              --addr; HOST:PORT to listen on, port 0 picks a
//	                         free one; default 127.0.0.1:8080
//	WAFLOW_DATA_DIR          --data-dir; the SQLite database and the key
//	                         files; default ./data
//	WAFLOW_DATABASE_URL      --database-url; postgres://…, sqlite://FILE or a
//	                         file path; default sqlite://DATA_DIR/waflow.db
//	WAFLOW_PUBLIC_URL        --public-url; the base URL WhatsApp and the BSPs
//	                         call, http(s)://host[/path]; default the listen
//	                         address
//	WAFLOW_EXAMPLES          --examples; a directory of example flows and
//	                         scripts deployed to the sandbox BSP at start
//	WAFLOW_SHUTDOWN_TIMEOUT  --shutdown-timeout; how long requests in flight
//	                         may take when stopping; default 15s
//	WAFLOW_ADMIN_TOKEN       an API key that always works, at least 32
//	                         characters; unset, the start banner shows the
//	                         key kept in DATA_DIR/api-key, made on first
//	                         start
//	WAFLOW_MASTER_KEY        the keys that seal secrets at rest: base64 of
//	                         32 bytes each, comma-separated, newest first;
//	                         unset, DATA_DIR/master.key, made on first start
//	WAFLOW_TOKEN_SECRET      the flow token signing secret, at least 32
//	                         characters; unset, one made on first start and
//	                         kept sealed in DATA_DIR/flow-token.secret.
//	                         Servers sharing a database must share it
//	WAFLOW_ALLOW_PRIVATE_WEBHOOKS
//	                         true lets subscriptions deliver to loopback,
//	                         private and link-local addresses
//	WAFLOW_SANDBOX_DELAY     how long each step of the sandbox BSP takes (a
//	                         template's review, a message's delivery, its
//	                         reading); default 1s, 0s for at once
//
// # Example
//
// Checking flows in CI (flows/ holds a valid flow and the signup.json of
// package flowjson's example), then serving one flow's endpoint:
//
//	$ waflow validate --strict flows/*.json
//	flows/signup.json:4:20: error INVALID_ROUTING_MODEL /routing_model: route ends at screen "START", which is not terminal; routes should end at a terminal screen
//	flows/signup.json:4:20: error INVALID_ROUTING_MODEL /routing_model: screen "DONE" is missing in the routing model; every screen must appear as a key or as a destination
//	flows/signup.json:12:66: error INVALID_ROUTING_MODEL /screens/0/layout/children/1/on-click-action/next/name: missing direct route from screen "START" to "DONE" in the routing model while it exists in the navigate screen action
//	2 files checked: 1 invalid, 3 errors, 0 warnings
//	$ echo $?
//	1
//	$ waflow keys generate --out keys --passphrase-env KEY_PASSPHRASE
//	wrote keys/private.pem (2048-bit RSA, encrypted PKCS#8, passphrase from $KEY_PASSPHRASE, mode 0600: keep it secret)
//	wrote keys/public.pem
//	...
//	$ waflow endpoint --addr :8080 --private-key keys/private.pem \
//		--passphrase-env KEY_PASSPHRASE --flow flows/appointment.json --script scripts/appointment.js
package main
