import Foundation

/// When each snapshot was taken, in words a viewer knows: practice pictures seen and the share
/// of the first pass (format version 2), or passes through the training pictures (version 1,
/// which records no images seen). "Epoch" appears only in the details line.
public struct TimeWords: Sendable {
    /// For the title: "3,200 practice pictures (5 % of the first pass)".
    public let long: [String]
    /// For captions: "3,200 practice pictures".
    public let short: [String]
    /// For the timeline cursor: "3,200" (version 1: "2").
    public let tick: [String]

    public init(_ input: RenderInput, words w: Templates) {
        let pictures = input.knowsImagesSeen
        var long: [String] = [], short: [String] = [], tick: [String] = []
        for s in input.snapshots {
            let passes = abs(s.epoch - 1) < 0.005 ? w.passOne : Templates.fill(w.passMany, ["passes": w.decimal(s.epoch)])
            if pictures, let seen = s.imagesSeen {
                let pass = s.epoch < 0.995 ? Templates.fill(w.passPart, ["percent": w.finePercent(s.epoch)]) : passes
                long.append(Templates.fill(w.whenPictures, ["seen": w.number(seen), "pass": pass]))
                short.append(Templates.fill(w.whenPicturesShort, ["seen": w.number(seen)]))
                tick.append(w.number(seen))
            } else {
                let text = Templates.fill(w.whenPasses, ["passes": passes])
                long.append(text); short.append(text); tick.append(w.decimal(s.epoch))
            }
        }
        self.long = long; self.short = short; self.tick = tick
    }
}
