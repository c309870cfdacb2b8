// Placeholder until the Pipeline module lands.
