builtins.functionArgs ({ x ? throw "no", y }: throw "body")
