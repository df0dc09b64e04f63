// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice One cross-chain transfer as the destination bridge releases it; signed with EIP-712.
/// @dev Declared at file level so every tool (forge, web3j codegen, bridge-core) sees the same
/// tuple `(uint256,address,uint256,address,address,uint256)` named `Release`.
/// @param srcChainId chain id of the chain where the tokens were locked or burned
/// @param srcBridge Bridge contract on the source chain that emitted the `Locked` event
/// @param nonce the source bridge's lock counter (starts at 1; 0 is never valid)
/// @param token token on this (destination) chain that is transferred or minted
/// @param recipient account on this chain that receives `amount`
/// @param amount amount in this token's own units (already scaled by the source bridge)
struct Release {
    uint256 srcChainId;
    address srcBridge;
    uint256 nonce;
    address token;
    address recipient;
    uint256 amount;
}

/// @notice A deposit locked on this (source) chain paid back to its sender, after its destination
/// voided it (`DepositVoided`); signed with EIP-712 by the group, which checks the void at finality.
/// @param dstChainId the deposit's destination chain
/// @param dstBridge the destination Bridge contract that emitted `DepositVoided`
/// @param nonce this (source) bridge's lock nonce of the deposit
/// @param token the token locked here (the `Locked` event's `srcToken`)
/// @param to the deposit's sender (the `Locked` event's `sender`)
/// @param amount amount in this token's units: what the lock kept after its fee
struct Refund {
    uint256 dstChainId;
    address dstBridge;
    uint256 nonce;
    address token;
    address to;
    uint256 amount;
}

/// @notice How the bridge holds a token on its own chain; a property of the local token, so every
/// route of that token shares it.
/// @dev NONE: token not configured. LOCK_RELEASE: the bridge keeps custody (lock pulls the tokens
/// in, release transfers them out). BURN_MINT: the token is a {BridgedToken} this bridge mints
/// (release mints, lock pulls then burns).
enum TokenMode {
    NONE,
    LOCK_RELEASE,
    BURN_MINT
}
