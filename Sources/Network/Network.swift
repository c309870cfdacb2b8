// Placeholder until the Network module lands.
