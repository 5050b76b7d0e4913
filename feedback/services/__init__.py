"""Writes of the feedback app, one module per area: `public` (what citizens send), `handling` (the case work),
`ratings` (officer ratings and kiosks), `surveys`. Import the module: `from feedback.services import handling`."""
