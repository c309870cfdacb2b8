// Placeholder until the Render module lands.
