# Data package: the pattern files beside this file ship in the wheel as extractor.patterns.
