// Command roster-ferretdb runs FerretDB v1 (embedded package) on its SQLite backend,
// so local development and CI get a MongoDB wire-compatible server without Docker.
//
// FerretDB v1 applies an update as a query followed by a separate write, so concurrent updates
// of one document can interleave and lose writes (MongoDB makes each single-document update
// atomic). Clients therefore reach FerretDB through a relay that runs one modifying command at a
// time: each write completes before the next starts, which restores per-document atomicity. Reads
// (and the driver's heartbeats) are not held behind writes.
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const (
	opMsg          = 2013
	flagMoreToCome = 1 << 1
	maxMessageSize = 48 << 20
)

// writeCommands change data or schema; only these are serialized.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
	"create": true, "createIndexes": true, "drop": true, "dropDatabase": true, "dropIndexes": true,
	"renameCollection": true, "collMod": true,
}

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite URI (a directory, with trailing slash)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.DurationVar(&stallTimeout, "stall-timeout", stallTimeout, "a reply slower than this restarts the embedded FerretDB")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		slog.Error("bad -log-level", "value", *logLevel)
		os.Exit(2)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	tuneGarbageCollector()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	backend := &embedded{root: ctx, sqliteURL: *sqliteURL, logger: logger}
	if err := backend.start(); err != nil {
		logger.Error("cannot start FerretDB", "error", err)
		os.Exit(1)
	}
	defer backend.stop()

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		logger.Error("cannot listen", "addr", *listen, "error", err)
		os.Exit(1)
	}
	go func() {
		<-ctx.Done()
		listener.Close()
	}()

	logger.Warn("FerretDB listening", "addr", *listen, "sqlite", *sqliteURL)
	var serial sync.Mutex
	for {
		client, err := listener.Accept()
		if err != nil {
			break
		}
		go relay(logger, client, backend, &serial)
	}
}

// tuneGarbageCollector lets the heap grow to five times what is live before collecting (Go's
// default is twice). FerretDB decodes every document it reads into short-lived objects, and with
// its small live heap the default spent about a quarter of its CPU collecting them. The soft
// memory limit makes collection eager again when a query holds gigabytes (a sort or $group holds
// every matching document): at 8 GiB such a heap gets no less room than Go's default gave it,
// where 4 GiB left a count over a million documents collecting without end.
// GOGC and GOMEMLIMIT, when set, win.
func tuneGarbageCollector() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(8 << 30)
	}
}

// stallTimeout is how long a reply may take before FerretDB is taken to be stuck. Its SQLite
// backend waits for good when all 100 pooled connections of a database are held (the cause we
// found, bulk updates, is patched: patches/update-statement-release.patch); a fresh instance on
// the same files recovers, and the dump written first shows what held them.
// A query no index serves decodes the whole collection (about 1 ms a document on a small machine),
// so benchmarks over large collections raise it (FERRETDB_STALL_TIMEOUT in infra.sh).
var stallTimeout = 30 * time.Second

// embedded is the in-process FerretDB behind the relay, restarted when it stops answering.
type embedded struct {
	root      context.Context
	sqliteURL string
	logger    *slog.Logger

	mu         sync.Mutex
	socket     string
	generation int
	cancel     context.CancelFunc
	done       chan struct{}
}

func (e *embedded) start() error {
	dir, err := os.MkdirTemp("", "roster-ferretdb-")
	if err != nil {
		return err
	}
	socket := filepath.Join(dir, "ferretdb.sock")
	server, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Handler:   "sqlite",
		SQLiteURL: e.sqliteURL,
		Logger:    e.logger,
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(e.root)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer os.RemoveAll(dir)
		if err := server.Run(ctx); err != nil && ctx.Err() == nil {
			e.logger.Error("FerretDB stopped", "error", err)
		}
	}()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(socket); err == nil {
			break
		}
	}
	e.socket, e.cancel, e.done = socket, cancel, done
	e.generation++
	return nil
}

// current is the socket to dial and the generation it belongs to.
func (e *embedded) current() (string, int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.socket, e.generation
}

// restart replaces a stuck instance once, however many relays notice it.
func (e *embedded) restart(generation int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if generation != e.generation {
		return
	}
	e.logger.Error("FerretDB stopped answering; starting a fresh instance on the same files",
		"after", stallTimeout.String(), "goroutines", dumpGoroutines())
	e.cancel()
	if err := e.start(); err != nil {
		e.logger.Error("cannot restart FerretDB", "error", err)
		os.Exit(1)
	}
}

// dumpGoroutines writes every goroutine's stack (grouped, with counts) and FerretDB's own
// profiles of live resources (where each open query iterator, cursor… was created) to a
// temporary file and returns its path, so a stall can be traced to what was holding what.
func dumpGoroutines() string {
	f, err := os.CreateTemp("", "roster-ferretdb-stall-*.txt")
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	for _, profile := range pprof.Profiles() {
		if profile.Name() == "goroutine" || strings.HasPrefix(profile.Name(), "FerretDB/") {
			fmt.Fprintf(f, "=== %s\n", profile.Name())
			if err := profile.WriteTo(f, 1); err != nil {
				return err.Error()
			}
		}
	}
	return f.Name()
}

func (e *embedded) stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cancel()
	<-e.done
}

// relay forwards one client connection to FerretDB over its own backend connection,
// holding the process-wide lock from the moment a command is sent until its reply is read.
func relay(logger *slog.Logger, client net.Conn, server *embedded, serial *sync.Mutex) {
	defer client.Close()
	socket, generation := server.current()
	backend, err := net.Dial("unix", socket)
	if err != nil {
		logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer backend.Close()

	for {
		request, err := readMessage(client)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				logger.Debug("client connection ended", "error", err)
			}
			return
		}
		if err := roundTrip(serial, request, client, backend); err != nil {
			var timeout net.Error
			if errors.As(err, &timeout) && timeout.Timeout() {
				server.restart(generation)
			}
			logger.Debug("backend connection ended", "error", err)
			return
		}
	}
}

func roundTrip(serial *sync.Mutex, request []byte, client, backend net.Conn) error {
	if writeCommands[commandName(request)] {
		serial.Lock()
		defer serial.Unlock()
	}
	if _, err := backend.Write(request); err != nil {
		return err
	}
	if moreToCome(request) {
		return nil // the client asked for no reply
	}
	for {
		if err := backend.SetReadDeadline(time.Now().Add(stallTimeout)); err != nil {
			return err
		}
		reply, err := readMessage(backend)
		if err != nil {
			return err
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		if !moreToCome(reply) {
			return nil // an exhaust reply is followed by more replies without requests
		}
	}
}

// readMessage reads one wire-protocol message: a little-endian int32 length that includes itself.
func readMessage(r io.Reader) ([]byte, error) {
	var header [4]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := int(binary.LittleEndian.Uint32(header[:]))
	if size < 16 || size > maxMessageSize {
		return nil, fmt.Errorf("invalid message length %d", size)
	}
	message := make([]byte, size)
	copy(message, header[:])
	if _, err := io.ReadFull(r, message[4:]); err != nil {
		return nil, err
	}
	return message, nil
}

// commandName is the first key of an OP_MSG's body document (section kind 0), e.g. "update".
func commandName(message []byte) string {
	// header (16) + flagBits (4) + section kind (1) + document length (4) + element type (1)
	const start = 26
	if len(message) <= start || binary.LittleEndian.Uint32(message[12:16]) != opMsg || message[20] != 0 {
		return ""
	}
	for end := start; end < len(message); end++ {
		if message[end] == 0 {
			return string(message[start:end])
		}
	}
	return ""
}

// moreToCome tells whether an OP_MSG carries the moreToCome flag (no reply, or more replies follow).
func moreToCome(message []byte) bool {
	if len(message) < 20 || binary.LittleEndian.Uint32(message[12:16]) != opMsg {
		return false
	}
	return binary.LittleEndian.Uint32(message[16:20])&flagMoreToCome != 0
}
