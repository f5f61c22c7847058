package org.kfm.breakglass.audit;

/**
 * The members of one journal line the verifier and recovery need, read by {@link LineScanner} without building
 * a tree. {@code hashFrom..hashTo} is the byte range to cut out (the hash member and one comma) to get the
 * hashed text. {@code ei} and {@code sealEvents} are -1 when absent. {@code sealKey} is the key a
 * {@code session.start} records for its seal, {@code sealSignedBy} the key a seal records beside its signature.
 */
record LineFacts(
        long seq,
        String type,
        String session,
        long ei,
        String prev,
        String hash,
        int hashFrom,
        int hashTo,
        long sealEvents,
        String sealHead,
        String sealSignature,
        String sealSignedBy,
        String sealKey) {}
