package script_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/endpoint/script"
)

func Example() {
	prog, err := script.Compile("booking.js", `
function handle(req, ctx) {
  if (!req.data.date) return {error_message: "Pick a date"}
  ctx.kv.set("date", req.data.date)
  return {screen: "CONFIRM", data: {date: req.data.date, plan: ctx.env.PLAN}}
}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	host := script.NewHost(script.Options{Timeout: 2 * time.Second})
	defer host.Close()

	for _, data := range []map[string]any{{"date": "2025-03-02"}, {}} {
		ans, err := host.Run(context.Background(), prog, script.Request{
			FlowID: "1234",
			Body: map[string]any{
				"version": "3.0", "action": "data_exchange", "screen": "DATES",
				"data": data, "flow_token": "tok-1",
			},
			Env: map[string]string{"PLAN": "gold"},
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(string(ans.Raw))
	}
	// Output:
	// {"screen":"CONFIRM","data":{"date":"2025-03-02","plan":"gold"}}
	// {"data":{"error_message":"Pick a date"},"screen":"DATES"}
}

func ExampleCompile_kapso() {
	prog, err := script.Compile("kapso.js", `
async function handler(request, env) {
  const {data_exchange: ex} = await request.json()
  return Response.json({screen: "WELCOME", data: {action: ex.action}})
}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(prog.Form())
	// Output: kapso
}

func ExampleScriptError() {
	prog, _ := script.Compile("loop.js", "function handle() {\n  let n = 0\n  while (true) n++\n}")
	host := script.NewHost(script.Options{Timeout: 50 * time.Millisecond})
	defer host.Close()

	_, err := host.Run(context.Background(), prog, script.Request{Body: map[string]any{"flow_token": "t"}})
	var se *script.ScriptError
	if errors.As(err, &se) {
		fmt.Println(se.Fault, se.Line)
	}
	// Output: timeout 3
}
