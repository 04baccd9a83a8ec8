{ a = throw "value"; } ? a
