package org.jkeras.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Section 3.4 measured at small size: a transferred frozen base learns the related task in fewer steps. */
class KnowledgeTransferTest {

  @Test
  void aTransferredFrozenBaseReachesTheTargetInFewerStepsThanFromScratch() {
    KnowledgeTransfer.Result r = KnowledgeTransfer.run(KnowledgeTransfer.Config.small(), null);
    System.out.println(r);
    assertTrue(r.sourceSteps() > 0, "the base learned the source task: " + r);
    assertTrue(r.transferWins(), r.toString());
  }
}
