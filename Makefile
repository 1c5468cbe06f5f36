# waflow — the two set-up commands are `make run` and `make test`.
GO      ?= go
BIN     := bin/waflow
PKGS    := ./...
BENCH   ?= .
BENCHTIME ?= 1s

.PHONY: all build run test vet bench fuzz fmt clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/waflow

# The server on the embedded defaults (SQLite under ./data, 127.0.0.1:8080)
# with the examples deployed to the in-process sandbox BSP. It prints the
# base URL, the API key and three requests to try; Ctrl-C stops it.
run: build
	./$(BIN) serve --examples examples

vet:
	$(GO) vet $(PKGS)

test: vet
	$(GO) test -race -count=1 $(PKGS)

# Every benchmark with a "baseline" sub-benchmark is printed beside it, both
# measured in the same run.
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -benchmem $(PKGS) | $(GO) run ./internal/benchreport

# A short run of every fuzz target; FUZZTIME=5m for a longer one.
FUZZTIME ?= 10s
fuzz:
	@for pkg in $$($(GO) list $(PKGS)); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
