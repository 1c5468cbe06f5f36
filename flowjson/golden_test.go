package flowjson

import "flag"

// update rewrites golden files (generated schemas, printer outputs) instead of
// comparing against them: go test ./flowjson -update.
var update = flag.Bool("update", false, "rewrite golden files and generated schemas")
