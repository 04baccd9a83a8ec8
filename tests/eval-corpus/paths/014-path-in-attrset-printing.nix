{ abs = /etc/hosts; rel = ./foo; list = [ /a ./b ]; }
