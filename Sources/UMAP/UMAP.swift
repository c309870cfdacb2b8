// Placeholder until the UMAP module lands.
