"""Update handlers, one module per concern. bot.app wires them into the Application."""
