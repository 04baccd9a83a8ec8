{
  services = { web = { port = 80; }; };
  services.db.port = 5432;
  services.web.host = "localhost";
}
