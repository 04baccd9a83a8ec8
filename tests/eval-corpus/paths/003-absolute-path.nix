[ /abs/path /usr/bin/env /a/./b/../c ]
