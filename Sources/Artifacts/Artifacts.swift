// Placeholder until the Artifacts module lands.
