rec {
  base = { port = 80; };
  url = "http://host:${toString base.port}/";
  ports = [ base.port (base.port + 1) ];
}
