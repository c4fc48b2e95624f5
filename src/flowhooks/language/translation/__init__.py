"""Translation providers behind one service, with a cache and in-flight sharing."""
