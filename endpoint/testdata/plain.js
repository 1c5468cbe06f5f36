// The plain form: handle(req, ctx) returns {screen, data} or {error_message}.
// data.mode makes it misbehave on purpose, for the endpoint's tests.
function handle(req, ctx) {
  const data = req.data || {};
  switch (data.mode) {
    case "loop":
      for (;;) {}
    case "alloc": {
      const hoard = [];
      for (;;) hoard.push(new Uint8Array(1 << 24));
    }
    case "recurse": {
      const deeper = (n) => deeper(n + 1) + 1;
      return deeper(0);
    }
    case "throw":
      throw new Error("database password is hunter2");
    case "huge":
      return { screen: "DETAILS", data: { prompt: "x".repeat(1 << 20) } };
    case "unknown_screen":
      return { screen: "NOWHERE", data: {} };
    case "bad_data":
      return { screen: "DETAILS", data: { prompt: 42 } };
    case "bad_transition":
      return { screen: "CONFIRM", data: { name: "Ada" } };
    case "success_no_params":
      return { screen: "SUCCESS", data: {} };
  }
  switch (req.action) {
    case "INIT":
      return { screen: "WELCOME", data: { greeting: "Hello " + (ctx.env.GREETING || "there") } };
    case "BACK":
      return { screen: "WELCOME", data: { greeting: "Welcome back" } };
  }
  switch (req.screen) {
    case "WELCOME":
      return { screen: "DETAILS", data: { prompt: "Who are you?" } };
    case "DETAILS":
      if (!data.name) return { error_message: "Please tell us your name" };
      return { screen: "CONFIRM", data: { name: data.name } };
    case "CONFIRM":
      return {
        screen: "SUCCESS",
        data: { extension_message_response: { params: { flow_token: req.flow_token, confirmed: true } } },
      };
  }
  return { error_message: "Unexpected request" };
}
