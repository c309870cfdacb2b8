// Placeholder until the Embedding module lands.
