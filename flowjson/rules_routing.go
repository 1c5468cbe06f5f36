package flowjson

import (
	"slices"
	"strings"
)

// maxBranches is Meta's cap on outgoing routes per screen (§7).
const maxBranches = 10

// checkRouting enforces reference §7 (§10 step 10). Endpoint flows are
// checked against their declared routing_model; endpoint-less flows
// against the graph their navigate actions form, and a routing_model they
// declare anyway (Meta's own examples do) only for unknown screens.
func (s *semantics) checkRouting() {
	rm := s.root.Get("routing_model")
	if s.endpoint {
		if rm != nil && rm.Kind == KindObject {
			s.checkDeclaredRouting(rm)
		}
		return
	}
	if rm != nil && rm.Kind == KindObject {
		s.declaredGraph(rm)
	}
	s.checkDerivedRouting()
}

// screenGraph is a directed graph over the screens that have an id.
type screenGraph struct {
	ids   []string
	index map[string]int
	out   [][]int
	in    []int
}

func (s *semantics) newScreenGraph() *screenGraph {
	g := &screenGraph{index: make(map[string]int, len(s.screens))}
	for _, sc := range s.screens {
		if sc.id != "" && s.byID[sc.id] == sc {
			g.index[sc.id] = len(g.ids)
			g.ids = append(g.ids, sc.id)
		}
	}
	g.out = make([][]int, len(g.ids))
	g.in = make([]int, len(g.ids))
	return g
}

func (g *screenGraph) has(a, b int) bool { return slices.Contains(g.out[a], b) }

// add adds the edge a→b unless it exists, and reports whether it was new.
func (g *screenGraph) add(a, b int) bool {
	if g.has(a, b) {
		return false
	}
	g.out[a] = append(g.out[a], b)
	g.in[b]++
	return true
}

// reachable marks the nodes reachable from start along edges; undirected
// follows edges both ways.
func (g *screenGraph) reachable(start int, undirected bool) []bool {
	var back [][]int
	if undirected {
		back = make([][]int, len(g.ids))
		for a, outs := range g.out {
			for _, b := range outs {
				back[b] = append(back[b], a)
			}
		}
	}
	seen := make([]bool, len(g.ids))
	stack := []int{start}
	seen[start] = true
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		next := g.out[n]
		if undirected {
			next = append(slices.Clip(next), back[n]...)
		}
		for _, m := range next {
			if !seen[m] {
				seen[m] = true
				stack = append(stack, m)
			}
		}
	}
	return seen
}

// loops returns the strongly connected components with more than one
// screen (Tarjan's algorithm), each in screen order.
func (g *screenGraph) loops() [][]int {
	n := len(g.ids)
	index, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var out [][]int
	next := 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range g.out[v] {
			switch {
			case index[w] < 0:
				visit(w)
				low[v] = min(low[v], low[w])
			case onStack[w]:
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var comp []int
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			comp = append(comp, w)
			if w == v {
				break
			}
		}
		if len(comp) > 1 {
			slices.Sort(comp)
			out = append(out, comp)
		}
	}
	for v := range n {
		if index[v] < 0 {
			visit(v)
		}
	}
	slices.SortFunc(out, func(a, b []int) int { return a[0] - b[0] })
	return out
}

func (g *screenGraph) names(nodes []int) string {
	names := make([]string, len(nodes))
	for i, n := range nodes {
		names[i] = g.ids[n]
	}
	return strings.Join(names, ", ")
}

// declaredGraph reads routing_model into a graph, reporting unknown
// screens (as keys or targets) and self-routes. It returns the graph and
// which screens the model mentions.
func (s *semantics) declaredGraph(rm *Node) (*screenGraph, []bool) {
	g := s.newScreenGraph()
	mentioned := make([]bool, len(g.ids))
	for _, m := range rm.Members {
		from, known := g.index[m.Key]
		if !known {
			s.errorf(m.Value, CodeInvalidRoutingModel, "invalid screens found in the routing model: %q is not a screen id", m.Key)
		} else {
			mentioned[from] = true
		}
		if m.Value.Kind != KindArray {
			continue
		}
		for _, t := range m.Value.Items {
			id, ok := t.Str()
			if !ok {
				continue
			}
			to, ok := g.index[id]
			switch {
			case !ok:
				s.errorf(t, CodeInvalidRoutingModel, "invalid screens found in the routing model: %q is not a screen id", id)
			case known && to == from:
				s.errorf(t, CodeInvalidRoutingModel, "screen %q cannot route to itself", id)
			case known:
				mentioned[to] = true
				g.add(from, to)
			default:
				mentioned[to] = true
			}
		}
	}
	return g, mentioned
}

// checkDeclaredRouting enforces the endpoint-flow rules of §7. An empty
// model is only a warning (§9 #19: Meta's own component examples ship
// {} with data_api_version).
func (s *semantics) checkDeclaredRouting(rm *Node) {
	if len(rm.Members) == 0 {
		s.warnf(rm, CodeInvalidRoutingModel,
			"the routing model is empty: with data_api_version set, Meta expects every screen in it")
		return
	}
	g, mentioned := s.declaredGraph(rm)
	for i, id := range g.ids {
		if !mentioned[i] {
			s.errorf(rm, CodeInvalidRoutingModel,
				"screen %q is missing in the routing model; every screen must appear as a key or as a destination", id)
		}
	}
	s.checkBranches(rm, g)
	s.checkBackwardRoutes(rm, g)
	for _, loop := range g.loops() {
		s.errorf(rm, CodeInvalidRoutingModel, "loop detected in the routing model for screens %s", g.names(loop))
	}
	s.checkEntryAndConnectivity(rm, g, mentioned)
	s.checkNavigateRoutes(g)
	s.checkLeaves(rm, g, mentioned)
}

// checkBranches: at most 10 destinations per screen.
func (s *semantics) checkBranches(rm *Node, g *screenGraph) {
	for i, outs := range g.out {
		if len(outs) > maxBranches {
			s.errorf(rm.Get(g.ids[i]), CodeInvalidRoutingModel,
				"screen %q has %d branches; the number of branches exceeds the max limit of %d", g.ids[i], len(outs), maxBranches)
		}
	}
}

// checkBackwardRoutes: the back button implies B→A for every A→B, so the
// model may not list both directions (§7 rule 4). Each pair is reported
// once, at the route listed second.
func (s *semantics) checkBackwardRoutes(rm *Node, g *screenGraph) {
	for a, outs := range g.out {
		for _, b := range outs {
			if a < b && g.has(b, a) {
				s.errorf(routeNode(rm, g.ids[b], g.ids[a]), CodeInvalidRoutingModel,
					"backward route from %q to %q is not allowed: %q already routes to %q and the back button covers the way back",
					g.ids[b], g.ids[a], g.ids[a], g.ids[b])
			}
		}
	}
}

// routeNode returns the node of target inside routing_model[from].
func routeNode(rm *Node, from, target string) *Node {
	list := rm.Get(from)
	if list == nil || list.Kind != KindArray {
		return rm
	}
	for _, t := range list.Items {
		if id, _ := t.Str(); id == target {
			return t
		}
	}
	return list
}

// checkEntryAndConnectivity: some screen has no inbound route (an entry),
// and the model forms one connected graph.
func (s *semantics) checkEntryAndConnectivity(rm *Node, g *screenGraph, mentioned []bool) {
	first := -1
	entry := false
	for i := range g.ids {
		if !mentioned[i] {
			continue
		}
		if first < 0 {
			first = i
		}
		if g.in[i] == 0 {
			entry = true
		}
	}
	if first < 0 {
		return
	}
	if !entry {
		s.errorf(rm, CodeInvalidRoutingModel, "no entry screen found in the routing model: every screen is the destination of another")
	}
	connected := g.reachable(first, true)
	var apart []int
	for i := range g.ids {
		if mentioned[i] && !connected[i] {
			apart = append(apart, i)
		}
	}
	if len(apart) > 0 {
		s.errorf(rm, CodeInvalidRoutingModel,
			"following screens are not connected with the rest of the screens: %s", g.names(apart))
	}
}

// checkNavigateRoutes: every navigate A→B must be a declared route (§7 rule
// 9). Meta tightened this check in 7.3 (§2.2), so it is an error from 7.3
// and a warning before, when Meta's behaviour is not documented.
func (s *semantics) checkNavigateRoutes(g *screenGraph) {
	report := s.warnf
	if s.has.strictRouting {
		report = s.errorf
	}
	for _, sc := range s.screens {
		from, ok := g.index[sc.id]
		if !ok || s.byID[sc.id] != sc {
			continue
		}
		for _, a := range sc.actions {
			id, n := navigateTarget(a)
			to, known := g.index[id]
			if n == nil || !known || to == from || g.has(from, to) {
				continue
			}
			report(n, CodeInvalidRoutingModel,
				"missing direct route from screen %q to %q in the routing model while it exists in the navigate screen action", sc.id, id)
		}
	}
}

// checkLeaves warns about non-terminal screens without routes onward.
// §9 #18: "all routes end at a terminal screen" is documented, but Meta's
// own templates end in information screens, so it is a warning.
func (s *semantics) checkLeaves(rm *Node, g *screenGraph, mentioned []bool) {
	for i, id := range g.ids {
		if mentioned[i] && len(g.out[i]) == 0 && !s.byID[id].terminal {
			s.warnf(rm, CodeInvalidRoutingModel,
				"route ends at screen %q, which is not terminal; routes should end at a terminal screen", id)
		}
	}
}

// checkDerivedRouting enforces §7 for endpoint-less flows on the graph of
// navigate actions: at most 10 destinations per screen, an entry screen,
// every screen reachable from the first one. Loops are warnings: Meta
// documents only the two-screen case, which the entry rule catches.
func (s *semantics) checkDerivedRouting() {
	g := s.newScreenGraph()
	if len(g.ids) < 2 {
		return
	}
	for _, sc := range s.screens {
		from, ok := g.index[sc.id]
		if !ok || s.byID[sc.id] != sc {
			continue
		}
		for _, a := range sc.actions {
			id, n := navigateTarget(a)
			to, known := g.index[id]
			if n == nil || !known || to == from || !g.add(from, to) {
				continue
			}
			if len(g.out[from]) == maxBranches+1 {
				s.errorf(n, CodeInvalidRoutingModel,
					"screen %q navigates to more than %d screens; reduce navigate actions for the screen", sc.id, maxBranches)
			}
		}
	}
	entry := slices.Contains(g.in, 0)
	if !entry {
		s.errorf(s.root.Get("screens"), CodeInvalidRoutingModel,
			"no entry screen found: every screen is the next screen of a navigate action")
	}
	reached := g.reachable(0, false)
	for i, ok := range reached {
		if !ok {
			s.errorf(s.byID[g.ids[i]].idNode, CodeInvalidRoutingModel,
				"screen %q is not connected to the first screen %q: a connection is formed by the navigate screen action", g.ids[i], g.ids[0])
		}
	}
	for _, loop := range g.loops() {
		s.warnf(s.root.Get("screens"), CodeInvalidRoutingModel, "navigate actions form a loop between screens %s", g.names(loop))
	}
}
