# error: throw
throw "custom failure message"
