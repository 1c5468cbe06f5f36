async function handler(request, env) {
  return {screen: "A", data: {}};
}
