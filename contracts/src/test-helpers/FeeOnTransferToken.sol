// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice ERC-20 (18 decimals) that burns `feeBps` of every transfer between accounts, like
/// deflationary tokens: the receiver gets less than the amount named in the call. For tests and
/// devnets only (anyone may mint); shows that the bridge counts what it actually received.
contract FeeOnTransferToken is ERC20 {
    /// @notice Part of each transfer that is burned, in basis points.
    uint256 public immutable feeBps;

    /// @notice Deploys the token.
    /// @param feeBps_ part of each transfer burned, in basis points (<= 10000)
    constructor(uint256 feeBps_) ERC20("Fee On Transfer", "FOT") {
        require(feeBps_ <= 10_000, "fee above 100%");
        feeBps = feeBps_;
    }

    /// @notice Mints `amount` to `to`; open to anyone because this is a test token.
    /// @param to recipient
    /// @param amount amount to mint
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// Transfers between accounts burn the fee from the sender first; mints and burns are exact.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value * feeBps / 10_000;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}
