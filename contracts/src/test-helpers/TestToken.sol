// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestToken
/// @notice Plain ERC-20 with configurable decimals and an open mint, for local devnets and
/// tests only (anyone may mint). Never deploy it to a public network.
contract TestToken is ERC20 {
    uint8 private immutable _decimals;

    /// @notice Deploys a test token.
    /// @param name_ ERC-20 name
    /// @param symbol_ ERC-20 symbol
    /// @param decimals_ number of decimals
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        _decimals = decimals_;
    }

    /// @notice Number of decimals.
    /// @return the decimals fixed at deployment
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Mints `amount` to `to`; open to anyone because this is a test token.
    /// @param to recipient
    /// @param amount amount to mint
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
