/// Winograd's minimal filtering algorithm F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for
/// Convolutional Neural Networks", CVPR 2016): the 2×2 output tile of a 3×3 cross-correlation
/// over a 4×4 input tile d is
///
///     Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A        (16 multiplications instead of 36)
///
///     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
///     G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]
///     Aᵀ = [1 1 1 0; 0 1 −1 −1]
///
/// Every transform is separable: one 1-D map along the tile's rows, then the same along its
/// columns. Back-propagation goes through their adjoints (transposes): dd = B dV Bᵀ,
/// dm = A dY Aᵀ, dg = Gᵀ dU G. Transformed tiles are stored as 16 matrices, position
/// ξ = 4·i + j of the 4×4 tile first, so each position's products are one GEMM.
///
/// Tiles: output tile (ty, tx) covers output rows 2·ty, 2·ty + 1 and columns 2·tx, 2·tx + 1
/// and reads input rows 2·ty − p … 2·ty − p + 3 (likewise columns), zero outside the input;
/// output positions past the last row or column are dropped.
struct WinogradGeometry {
    let channels, batch, height, width, padding: Int
    /// Output size of the 3×3, stride-1 window: H + 2p − 2 by W + 2p − 2.
    var outHeight: Int { height + 2 * padding - 2 }
    var outWidth: Int { width + 2 * padding - 2 }
    /// Tile rows ⌈OH / 2⌉ and tile columns ⌈OW / 2⌉ per sample.
    var tileRows: Int { (outHeight + 1) / 2 }
    var tileColumns: Int { (outWidth + 1) / 2 }
    var tilesPerSample: Int { tileRows * tileColumns }
    /// Width of a tile row's input span in padded coordinates: 2·TW + 2 columns.
    var span: Int { 2 * tileColumns + 2 }
    /// Entries of one of the input transform's even- or odd-row arrays: (TH + 1)·TW.
    var halfRows: Int { (tileRows + 1) * tileColumns }
    /// Floats of scratch the transforms need for chunks of up to `chunkTiles` tiles.
    func scratchCount(chunkTiles: Int) -> Int { max(span + 8 * halfRows, 4 * chunkTiles) }
}
