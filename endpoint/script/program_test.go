package script

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		src       string
		line, col int
		msg       string
	}{
		{"syntax", "function handle(req) {\n  return req.data +* 2\n}", 2, 20, "Unexpected token *"},
		{"missing-comma", "function handle(req) {\n  return {a: 1 b: 2}\n}", 2, 16, "Unexpected identifier"},
		{"redeclared", "function handle() {\n  let a = 1;\n  let a = 2;\n}", 3, 7, "Identifier 'a' has already been declared"},
		{"unclosed", "function handle() {\n  return {screen: \"A\"}\n", 3, 1, "ends too early"},
		{"neither", "function main() { return {} }", 0, 0, "defines neither"},
		{"both", "function handle() {}\nasync function handler() {}", 0, 0, "defines both"},
		{"handler-not-function", "const handler = 42;", 0, 0, "defines neither"},
		{"breaks-out", "}); (function () {", 0, 0, "closes the scope"},
		{"strict-with", "function handle() { with ({}) {} }", 1, 21, "Strict mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile("flow.js", tc.src)
			require.Nil(t, p)
			var ce *CompileError
			require.True(t, errors.As(err, &ce), "got %T %v", err, err)
			require.Equal(t, "flow.js", ce.Name)
			require.Equal(t, tc.line, ce.Line, ce.Error())
			require.Equal(t, tc.col, ce.Column, ce.Error())
			require.Contains(t, ce.Message, tc.msg)
		})
	}
}

func TestCompileForms(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want Form
	}{
		{"async function handler(request, env) {}", FormKapso},
		{"const handler = async (request, env) => {}", FormKapso},
		{"var handler = function (request) {}", FormKapso},
		{"function handle(req, ctx) {}", FormPlain},
		{"let handle = (req) => ({screen: 'A'})", FormPlain},
		{"'use strict';\nconst helper = 1;\nasync function handle(req, ctx) {}", FormPlain},
	} {
		p, err := Compile("", tc.src)
		require.NoError(t, err, tc.src)
		require.Equal(t, tc.want, p.Form(), tc.src)
		require.Equal(t, "script.js", p.Name())
	}
}

func TestRevisionFollowsSource(t *testing.T) {
	a := compileString(t, "a.js", healthy)
	b := compileString(t, "b.js", healthy)
	c := compileString(t, "a.js", healthy+"\n")
	require.Equal(t, a.Revision(), b.Revision())
	require.NotEqual(t, a.Revision(), c.Revision())
}

// FuzzCompile checks that no source text makes Compile panic: it either
// compiles to a program of a known form or fails with a *CompileError that
// points inside the source.
func FuzzCompile(f *testing.F) {
	f.Add(healthy)
	f.Add("async function handler(request, env) { return Response.json({}) }")
	f.Add("function handle( {")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Compile("fuzz.js", src)
		if err != nil {
			var ce *CompileError
			require.ErrorAs(t, err, &ce)
			require.GreaterOrEqual(t, ce.Line, 0)
			require.NotEmpty(t, ce.Message)
			return
		}
		require.Contains(t, []Form{FormKapso, FormPlain}, p.Form())
	})
}
