// Meshwatch sample: an L-shaped bracket with two bolt holes.
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 4, 1, 0.3};
Box(2) = {0, 0, 0, 0.3, 1, 3};
BooleanUnion(3) = { Volume{1}; Delete; }{ Volume{2}; Delete; };
Cylinder(4) = {3, 0.5, -0.1, 0, 0, 0.5, 0.2};
Cylinder(5) = {-0.1, 0.5, 2.2, 0.5, 0, 0, 0.2};
BooleanDifference(6) = { Volume{3}; Delete; }{ Volume{4}; Volume{5}; Delete; };
Mesh.CharacteristicLengthMax = 0.1;
Mesh.CharacteristicLengthMin = 0.02;
Physical Volume("bracket") = {6};
