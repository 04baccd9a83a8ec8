[ /a-b_c.d/e+f /x/1.2/y ]
