# error: throw
throw "something went wrong"
