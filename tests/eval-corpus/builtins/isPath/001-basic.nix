map builtins.isPath [ ./. /abs "/abs" (toString /abs) (/a + "b") ]
