package flowjson

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseExpression(t *testing.T) {
	tests := []struct {
		name, src string
		mode      exprMode
		refs      int
		err       string
	}{
		{"concatenation", "'Hello ' ${form.first_name}", exprNested, 1, ""},
		{"math with multiplication", "'Product: ' (${data.a} * ${data.b})", exprNested, 2, ""},
		{"negative literal", "${data.a} + -5", exprNested, 1, ""},
		{"binary minus without spaces", "${data.a}-5", exprNested, 1, ""},
		{"logic", "(${form.age} > 18) && ${form.accept}", exprCondition, 2, ""},
		{"not", "!${data.on}", exprCondition, 1, ""},
		{"spaces in names", "${form.my name} == 'x'", exprCondition, 1, ""},
		{"empty", "  ", exprNested, 0, "empty expression"},
		{"unclosed quote", "'abc", exprNested, 0, "unclosed quote"},
		{"unclosed reference", "${data.a", exprNested, 0, "unclosed reference"},
		{"unbalanced open", "(${data.a} > 1", exprCondition, 0, "never closed"},
		{"unbalanced close", "${data.a} > 1)", exprCondition, 0, "without '('"},
		{"empty parentheses", "${data.a} && ()", exprCondition, 0, "empty parentheses"},
		{"missing operand", "${data.a} &&", exprCondition, 0, "missing operand"},
		{"missing operator in condition", "${data.a} ${data.b}", exprCondition, 0, "missing operator"},
		{"single equals", "${data.a} = 1", exprCondition, 0, "invalid character"},
		{"bare word", "${data.a} == yes", exprCondition, 0, "invalid operand"},
		{"dangling minus", "- ${data.a}", exprNested, 0, "'-' must be followed by a number"},
		{"too deep", strings.Repeat("(", 100) + "${data.a}" + strings.Repeat(")", 100), exprNested, 0, "nested too deeply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pe, err := parseExpr(tt.src, tt.mode)
			if tt.err != "" {
				require.NotNil(t, err)
				require.Contains(t, err.Error(), tt.err)
				return
			}
			require.Nil(t, err)
			require.Len(t, pe.refs, tt.refs)
		})
	}
}

func TestInferExpressionTypes(t *testing.T) {
	types := map[string]exprType{"data.n": exprNumber, "data.s": exprString, "data.b": exprBool, "data.any": exprAny}
	resolve := func(ref string) exprType { return types[ref] }
	tests := []struct {
		src      string
		want     exprType
		problems int
	}{
		{"${data.n} + 1", exprNumber, 0},
		{"'n = ' ${data.n}", exprString, 0},
		{"${data.n} > 1 && ${data.b}", exprBool, 0},
		{"${data.s} == 'x'", exprBool, 0},
		{"${data.any} == 1", exprBool, 0},
		{"${data.s} == 1", exprBool, 1},
		{"${data.s} > 1", exprBool, 1},
		{"!${data.n}", exprBool, 1},
		{"${data.s} % 2", exprNumber, 1},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			pe, err := parseExpr(tt.src, exprNested)
			require.Nil(t, err)
			var problems []string
			require.Equal(t, tt.want, pe.root.infer(resolve, &problems))
			require.Len(t, problems, tt.problems, "%v", problems)
		})
	}
}

func TestExprTypeString(t *testing.T) {
	require.Equal(t, "any", exprAny.String())
	require.Equal(t, "string or number", (exprString | exprNumber).String())
	require.Equal(t, "nothing", exprType(0).String())
}
