package script

import (
	"container/list"
	"sync"
)

// programKey identifies what a pooled runtime was set up for: runtimes are
// bound to one program, and programs with the same name and revision are the
// same code.
type programKey struct{ name, revision string }

func keyOf(p *Program) programKey { return programKey{p.name, p.revision} }

// pool keeps idle runtimes per program, at most max in all; when full, the
// runtime idle the longest goes first, so the programs in use keep theirs.
type pool struct {
	mu     sync.Mutex
	max    int
	idle   map[programKey][]*runtime
	lru    list.List // of *runtime, most recently returned at the front
	closed bool
}

func newPool(max int) *pool {
	return &pool{max: max, idle: map[programKey][]*runtime{}}
}

// get takes an idle runtime for p, or returns nil when there is none.
func (p *pool) get(prog *Program) *runtime {
	key := keyOf(prog)
	p.mu.Lock()
	defer p.mu.Unlock()
	rts := p.idle[key]
	if len(rts) == 0 {
		return nil
	}
	rt := rts[len(rts)-1]
	p.removeLocked(rt)
	return rt
}

// put returns a runtime that finished a call cleanly.
func (p *pool) put(rt *runtime) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.idle[rt.key] = append(p.idle[rt.key], rt)
	rt.elem = p.lru.PushFront(rt)
	for p.lru.Len() > p.max {
		p.removeLocked(p.lru.Back().Value.(*runtime))
	}
}

func (p *pool) removeLocked(rt *runtime) {
	p.lru.Remove(rt.elem)
	rt.elem = nil
	rts := p.idle[rt.key]
	for i, r := range rts {
		if r == rt {
			rts = append(rts[:i], rts[i+1:]...)
			break
		}
	}
	if len(rts) == 0 {
		delete(p.idle, rt.key)
	} else {
		p.idle[rt.key] = rts
	}
}

func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.idle = map[programKey][]*runtime{}
	p.lru.Init()
}

// size reports how many runtimes are idle.
func (p *pool) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lru.Len()
}
