// Placeholder until the Training module lands.
